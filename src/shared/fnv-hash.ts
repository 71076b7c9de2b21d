const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/**
 * The 64-bit FNV-1a hash of a string's UTF-8 bytes, as 16 lowercase hex digits. Pure and deterministic, so
 * workflow code may use it (it cannot reach `node:crypto`). Not a cryptographic hash: it tells names apart,
 * it does not resist someone crafting collisions.
 */
export function fnv1a64Hex(text: string): string {
  let hash = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  }
  return hash.toString(16).padStart(16, '0');
}
