/* The system SQLite (apt: libsqlite3-dev), as seen from Swift.
 *
 * Swift cannot import function-like or cast macros, so the few that the wrapper needs are
 * reached through these inline functions; SQLiteConnection and SQLiteStatement are their only callers.
 */
#ifndef FTI_CSQLITE_SHIM_H
#define FTI_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT, `(sqlite3_destructor_type)-1`: SQLite copies the bound text or blob before
 * the bind call returns, so the caller's buffer may go away at once. */
static inline int shim_sqlite3_bind_text_transient(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}

static inline int shim_sqlite3_bind_blob_transient(sqlite3_stmt *statement, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(statement, index, bytes, length, SQLITE_TRANSIENT);
}

/* SQLITE_STATIC: the caller promises the bytes stay unchanged and alive until the statement is
 * stepped, reset or rebound (used when writing frames, whose column buffers outlive the insert). */
static inline int shim_sqlite3_bind_text_static(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_STATIC);
}

#endif
