/** Where the e2e server keeps its ledger and its structured log (relative to the repository root). */
export const DATA_DIR = '.test-output/e2e-data';
export const SERVER_LOG = `${DATA_DIR}/server.log`;
/** Content-Security-Policy violations seen in any page during the run (there should be none). */
export const CSP_VIOLATIONS = `${DATA_DIR}/csp-violations.log`;
