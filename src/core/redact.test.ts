import { beforeEach, describe, expect, it } from 'vitest'
import { redact, redactDeep, redactEcho, redactUrl, registerArgv, registerSecret, resetSecrets } from './redact.js'

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('redact', () => {
  beforeEach(() => resetSecrets())

  it('strips URL credentials, key-like query values and path-embedded keys', () => {
    expect(redactUrl('https://user:pw@rpc.example.org/x')).toBe('https://***@rpc.example.org/x')
    expect(redactUrl('https://api.example.org/rpc?apikey=ABCDEF123&chain=1')).toBe(
      'https://api.example.org/rpc?apikey=***&chain=1',
    )
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/aB3dEfGh1jKlMnOpQrStUvWxYz012345')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***',
    )
    expect(redactUrl('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef')).toBe(
      'https://mainnet.infura.io/v3/***',
    )
    // harmless URLs are left exactly as they were
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545')
    expect(redactUrl('https://tx.example.org/api/v1/safes/0x5FbDB2315678afecb367f032d93F642f64180aa3/')).toBe(
      'https://tx.example.org/api/v1/safes/0x5FbDB2315678afecb367f032d93F642f64180aa3/',
    )
  })

  it('finds URLs inside free text, such as a library error', () => {
    const text = 'HTTP request failed.\n\nURL: https://rpc.example.org/v2/aB3dEfGh1jKlMnOpQrSt9?token=zz, status 429'
    const out = redact(text)
    expect(out).not.toContain('aB3dEfGh1jKlMnOpQrSt9')
    expect(out).not.toContain('zz')
    expect(out).toContain('URL: https://rpc.example.org/v2/***?token=***, status 429')
  })

  it('masks the value of a secret flag as typed on a command line, in text and in JSON', () => {
    expect(redact(`Nonexistent flag: --private-key=${KEY}`)).toBe('Nonexistent flag: --private-key=***')
    expect(redact(`{"message":"Nonexistent flag: --password hunter22"}`)).toBe(
      '{"message":"Nonexistent flag: --password ***"}',
    )
  })

  it('redacts registered secrets everywhere, with or without 0x', () => {
    registerSecret(KEY)
    registerSecret('/home/op/keys/owner.json')
    expect(redact(`signer ${KEY.slice(2)} from /home/op/keys/owner.json`)).toBe('signer *** from ***')
  })

  it('keeps 32-byte hex typed on the command line out of errors only', () => {
    registerArgv(['safe', 'show', KEY, '--json'])
    expect(redact(`Proposal ${KEY} not found`)).toContain(KEY) // normal output may show a hash it was given
    expect(redactEcho(`Proposal ${KEY} not found`)).toBe('Proposal *** not found')
    expect(redactEcho(`bad address ${KEY.slice(2)}`)).toBe('bad address ***')
    // a longer hex (a signature) that merely contains it is not a 32-byte token of the command line
    expect(redactDeep({ a: [`x ${KEY}`] }, true)).toEqual({ a: ['x ***'] })
  })

  it('treats the values of --private-key, --password and --keystore as secrets', () => {
    registerArgv(['pools', 'swap', '--private-key', KEY, '--keystore=/tmp/k.json', '--password', 'correct horse'])
    expect(redact(`${KEY} /tmp/k.json correct horse`)).toBe('*** *** ***')
  })
})
