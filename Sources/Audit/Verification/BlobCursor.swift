import GRDB
import GRDBSQLite

/// Steps a prepared statement through SQLite's C API and hands out blobs in place.
///
/// Verification reads every entry and every stored node exactly once; wrapping each blob in
/// `Data`, as GRDB's rows do, costs more than hashing it. The buffers stay valid until the
/// next call to ``next()``.
struct BlobCursor {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String, arguments: StatementArguments = []) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
    }

    /// Moves to the next row; false when there is none.
    func next() throws -> Bool {
        switch sqlite3_step(statement.sqliteStatement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.sqliteStatement, column) }

    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(statement.sqliteStatement, column))
        return UnsafeRawBufferPointer(start: sqlite3_column_blob(statement.sqliteStatement, column), count: count)
    }
}
