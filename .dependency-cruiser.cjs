/**
 * Layer rules (DESIGN.md): core is pure, nothing below the CLI imports it or oclif, nothing imports the commands,
 * no import cycles. Checked on the compiled `dist/` (run after `npm run build`): TypeScript 7's compiler has no
 * JavaScript API for dependency-cruiser to parse `.ts` with, so type-only imports are not seen here (tsc's
 * `verbatimModuleSyntax`-free output drops them; they cannot form a cycle at run time).
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment:
        'src/core: math, rules, models, simulator — no CLI, no chain, no config store, no oclif, no viem clients',
      severity: 'error',
      from: { path: '^dist/core/' },
      to: { path: ['^dist/(cli|commands|chain|config/store|tx|safe|daemon|localnet|demo)/', '@oclif/'] },
    },
    {
      name: 'no-cli-below-commands',
      comment: 'only src/commands and src/cli may import the CLI layer or oclif',
      severity: 'error',
      from: { path: '^dist/', pathNot: '^dist/(cli|commands)/' },
      to: { path: ['^dist/(cli|commands)/', '^node_modules/@oclif/'] },
    },
    {
      name: 'commands-are-leaves',
      severity: 'error',
      from: { path: '^dist/', pathNot: '^dist/commands/' },
      to: { path: '^dist/commands/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      from: { path: '^dist/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.d\\.ts$'] },
  },
}
