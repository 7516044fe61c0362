/** Size limits of fields on the wire (documented in docs/protocol.md). */
export const WIRE_LIMITS = {
  sdpChars: 64 * 1024,
  idChars: 64,
  tokenChars: 2048,
  passwordChars: 128,
  displayNameChars: 64,
  chatChars: 1000,
  reasonChars: 200,
  groupNameChars: 40,
  candidateChars: 1024,
  tracks: 3,
  listItems: 500,
  groups: 50,
} as const;
