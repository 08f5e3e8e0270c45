// Hand-written ABI fragments of the Safe v1.4.1 contracts used by vault (public interfaces).

export const safeAbi = [
  {
    type: 'function',
    name: 'setup',
    stateMutability: 'nonpayable',
    inputs: [
      { name: '_owners', type: 'address[]' },
      { name: '_threshold', type: 'uint256' },
      { name: 'to', type: 'address' },
      { name: 'data', type: 'bytes' },
      { name: 'fallbackHandler', type: 'address' },
      { name: 'paymentToken', type: 'address' },
      { name: 'payment', type: 'uint256' },
      { name: 'paymentReceiver', type: 'address' },
    ],
    outputs: [],
  },
  { type: 'function', name: 'getOwners', stateMutability: 'view', inputs: [], outputs: [{ type: 'address[]' }] },
  { type: 'function', name: 'getThreshold', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'nonce', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'VERSION', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  {
    type: 'function',
    name: 'isOwner',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ type: 'bool' }],
  },
  {
    type: 'function',
    name: 'approvedHashes',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'hash', type: 'bytes32' },
    ],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'approveHash',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'hashToApprove', type: 'bytes32' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'getTransactionHash',
    stateMutability: 'view',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'data', type: 'bytes' },
      { name: 'operation', type: 'uint8' },
      { name: 'safeTxGas', type: 'uint256' },
      { name: 'baseGas', type: 'uint256' },
      { name: 'gasPrice', type: 'uint256' },
      { name: 'gasToken', type: 'address' },
      { name: 'refundReceiver', type: 'address' },
      { name: '_nonce', type: 'uint256' },
    ],
    outputs: [{ type: 'bytes32' }],
  },
  {
    type: 'function',
    name: 'execTransaction',
    stateMutability: 'payable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'data', type: 'bytes' },
      { name: 'operation', type: 'uint8' },
      { name: 'safeTxGas', type: 'uint256' },
      { name: 'baseGas', type: 'uint256' },
      { name: 'gasPrice', type: 'uint256' },
      { name: 'gasToken', type: 'address' },
      { name: 'refundReceiver', type: 'address' },
      { name: 'signatures', type: 'bytes' },
    ],
    outputs: [{ name: 'success', type: 'bool' }],
  },
  {
    type: 'function',
    name: 'addOwnerWithThreshold',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: '_threshold', type: 'uint256' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'removeOwner',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'prevOwner', type: 'address' },
      { name: 'owner', type: 'address' },
      { name: '_threshold', type: 'uint256' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'swapOwner',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'prevOwner', type: 'address' },
      { name: 'oldOwner', type: 'address' },
      { name: 'newOwner', type: 'address' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'changeThreshold',
    stateMutability: 'nonpayable',
    inputs: [{ name: '_threshold', type: 'uint256' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'enableModule',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'module', type: 'address' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'disableModule',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'prevModule', type: 'address' },
      { name: 'module', type: 'address' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'setGuard',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'guard', type: 'address' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'setFallbackHandler',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'handler', type: 'address' }],
    outputs: [],
  },
  {
    type: 'event',
    name: 'ExecutionSuccess',
    inputs: [
      { name: 'txHash', type: 'bytes32', indexed: true },
      { name: 'payment', type: 'uint256', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'ExecutionFailure',
    inputs: [
      { name: 'txHash', type: 'bytes32', indexed: true },
      { name: 'payment', type: 'uint256', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'ApproveHash',
    inputs: [
      { name: 'approvedHash', type: 'bytes32', indexed: true },
      { name: 'owner', type: 'address', indexed: true },
    ],
  },
  {
    type: 'event',
    name: 'AddedOwner',
    inputs: [{ name: 'owner', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'RemovedOwner',
    inputs: [{ name: 'owner', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'ChangedThreshold',
    inputs: [{ name: 'threshold', type: 'uint256', indexed: false }],
  },
  {
    type: 'event',
    name: 'SafeSetup',
    inputs: [
      { name: 'initiator', type: 'address', indexed: true },
      { name: 'owners', type: 'address[]', indexed: false },
      { name: 'threshold', type: 'uint256', indexed: false },
      { name: 'initializer', type: 'address', indexed: false },
      { name: 'fallbackHandler', type: 'address', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'SafeMultiSigTransaction',
    inputs: [
      { name: 'to', type: 'address', indexed: false },
      { name: 'value', type: 'uint256', indexed: false },
      { name: 'data', type: 'bytes', indexed: false },
      { name: 'operation', type: 'uint8', indexed: false },
      { name: 'safeTxGas', type: 'uint256', indexed: false },
      { name: 'baseGas', type: 'uint256', indexed: false },
      { name: 'gasPrice', type: 'uint256', indexed: false },
      { name: 'gasToken', type: 'address', indexed: false },
      { name: 'refundReceiver', type: 'address', indexed: false },
      { name: 'signatures', type: 'bytes', indexed: false },
      { name: 'additionalInfo', type: 'bytes', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'ChangedFallbackHandler',
    inputs: [{ name: 'handler', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'ChangedGuard',
    inputs: [{ name: 'guard', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'EnabledModule',
    inputs: [{ name: 'module', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'DisabledModule',
    inputs: [{ name: 'module', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'ExecutionFromModuleSuccess',
    inputs: [{ name: 'module', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'ExecutionFromModuleFailure',
    inputs: [{ name: 'module', type: 'address', indexed: true }],
  },
  {
    type: 'event',
    name: 'SignMsg',
    inputs: [{ name: 'msgHash', type: 'bytes32', indexed: true }],
  },
  {
    type: 'event',
    name: 'SafeReceived',
    inputs: [
      { name: 'sender', type: 'address', indexed: true },
      { name: 'value', type: 'uint256', indexed: false },
    ],
  },
] as const

export const safeProxyFactoryAbi = [
  {
    type: 'function',
    name: 'createProxyWithNonce',
    stateMutability: 'nonpayable',
    inputs: [
      { name: '_singleton', type: 'address' },
      { name: 'initializer', type: 'bytes' },
      { name: 'saltNonce', type: 'uint256' },
    ],
    outputs: [{ name: 'proxy', type: 'address' }],
  },
  {
    type: 'function',
    name: 'proxyCreationCode',
    stateMutability: 'pure',
    inputs: [],
    outputs: [{ type: 'bytes' }],
  },
  {
    type: 'event',
    name: 'ProxyCreation',
    inputs: [
      { name: 'proxy', type: 'address', indexed: true },
      { name: 'singleton', type: 'address', indexed: false },
    ],
  },
] as const

export const multiSendAbi = [
  {
    type: 'function',
    name: 'multiSend',
    stateMutability: 'payable',
    inputs: [{ name: 'transactions', type: 'bytes' }],
    outputs: [],
  },
] as const
