/** The API's version, reported in OpenAPI and /v1/system/status. */
export const API_VERSION = '0.1.0';
