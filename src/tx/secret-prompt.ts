/**
 * How the signer asks for a secret on a terminal: registered by the CLI (src/cli/command.ts), which owns prompts.
 * Its own module, so the base command registers it without loading the signer (and its config) at every start.
 */
export type SecretPrompt = (message: string, opts: { json: boolean }) => Promise<string | undefined>

let registered: SecretPrompt | undefined

export function setSecretPrompt(prompt: SecretPrompt | undefined): void {
  registered = prompt
}

/** The registered prompt, if any. */
export const secretPrompt = (): SecretPrompt | undefined => registered
