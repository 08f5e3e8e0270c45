import { type Address, encodeFunctionData } from 'viem'
import { stabilizerAbi } from '../chain/abi/integration.js'
import type { ChainId, ChainSettings } from '../config/schema.js'
import { stabilizerOf } from '../stabilizer/check.js'
import type { Action } from '../tx/act.js'

/** setKeeper(keeper, allowed) on the profile's Stabilizer (an owner call: normally proposed to the Safe). */
export function setKeeperAction(settings: ChainSettings, chainId: ChainId, keeper: Address, allowed: boolean): Action {
  const stabilizer = stabilizerOf(settings, chainId)
  return {
    chainId,
    to: stabilizer,
    data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setKeeper', args: [keeper, allowed] }),
    description: `Stabilizer.setKeeper(${keeper}, ${allowed})`,
    abis: [stabilizerAbi],
  }
}
