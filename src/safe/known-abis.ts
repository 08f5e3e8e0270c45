import { type Abi, erc20Abi } from 'viem'
import { bridgeReserveAbi, stabilizerAbi, vaultOracleAbi, vaultPMMIntegrationAbi } from '../chain/abi/generated.js'
import { describeCall } from './multisend.js'
import type { DecodedCall, Proposal } from './proposal.js'

/** ABIs of the system's contracts, to decode calls and events for signers. */
export const KNOWN_ABIS: readonly Abi[] = [
  stabilizerAbi,
  vaultPMMIntegrationAbi,
  vaultOracleAbi,
  bridgeReserveAbi,
  erc20Abi,
]

/** The decoded call signers read: the file's own block, or a decode with the system's ABIs. */
export const decodedCall = (p: Proposal): DecodedCall | null => p.decoded ?? describeCall(p.data, KNOWN_ABIS)
