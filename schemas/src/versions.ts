/** Wire protocol spoken between tablets and the sync server. Bump on any breaking change of a body. */
export const PROTOCOL_VERSION = 1;
/** Oldest protocol the server still answers; older clients get `protocol_too_old`. */
export const MIN_PROTOCOL_VERSION = 1;
/** Version of the shape of stored records (cases, applicants, catalog entries). */
export const SCHEMA_VERSION = 1;
/** Header every API request (but health) carries with the client's protocol version. */
export const PROTOCOL_HEADER = 'x-daiban-protocol';
/** The device's own wall clock (epoch ms) as it sends a request: the township sees its skew. */
export const DEVICE_CLOCK_HEADER = 'x-daiban-device-clock';
