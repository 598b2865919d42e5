/**
 * The client library's version (`cvat.client.version`), the package version in deno.json.
 *
 * @module
 */

/** The package version. */
export const CLIENT_VERSION = "0.1.0";
