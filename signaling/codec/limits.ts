/** Size limits of fields on the wire (documented in docs/protocol.md). */
export const WIRE_LIMITS = {
  idChars: 64,
  tokenChars: 2048,
  passwordChars: 128,
  displayNameChars: 64,
  chatChars: 1000,
  reasonChars: 200,
  groupNameChars: 40,
  listItems: 500,
  groups: 50,
} as const;
