import { storeUnavailable } from '@server/plugins/errors';

/** Store faults that cannot be produced on demand here (PostgreSQL's disk full, a refused connection) map like the ones the fault tests produce. */
describe('store errors that mean "not now"', () => {
  it.each([
    ['SQLite disk full', { code: 'SQLITE_FULL', message: 'database or disk is full' }],
    ['SQLite busy', { code: 'SQLITE_BUSY', message: 'database is locked' }],
    ['SQLite I/O error', { code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' }],
    ['SQLite read-only file', { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' }],
    ['PostgreSQL disk full', { code: '53100', message: 'could not extend file' }],
    ['PostgreSQL too many connections', { code: '53300', message: 'sorry, too many clients already' }],
    ['PostgreSQL connection failure', { code: '08006', message: 'connection failure' }],
    ['PostgreSQL shutting down', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['PostgreSQL statement timeout', { code: '57014', message: 'canceling statement due to statement timeout' }],
    ['server refused the connection', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    ['connection dropped', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('%s is a 503', (_label, error) => {
    expect(storeUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed' }],
    ['a PostgreSQL unique violation', { code: '23505', message: 'duplicate key value' }],
    ['a syntax error', { code: '42601', message: 'syntax error' }],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', null],
  ])('%s is not', (_label, error) => {
    expect(storeUnavailable(error)).toBe(false);
  });
});
