#pragma once
// PostGIS as the shared store (issue 19). One PgStore is one transaction: every layer written
// into it, the run's row in hotspot_runs and the layers' QGIS styles (layer_styles, QGIS's own
// table) become visible together at commit(); before that other users see the previous run's
// layers, and a failed or killed run leaves nothing. Tables are the layer names the GeoPackage
// export uses, kept as given (quoted identifiers), each row with the run's run_id; a run
// replaces the tables it writes. A table hotspot did not write (no run_id column) is never
// replaced. All values travel through OGR's API, never as SQL text.
#include <string>

#include "hotspot/geom/table.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

/// True for a PostgreSQL connection string ("PG:...").
bool is_pg(const std::string& s);

/// The connection string without its password (for manifests and messages): "password=***".
std::string pg_without_password(const std::string& conn);
/// The libpq keywords of a connection string, without "PG:" and without the password (for a
/// QGIS project, which asks for the password or takes it from ~/.pgpass).
std::string pg_keywords_without_password(const std::string& conn);

/// @throws Error(InputMissing) saying why a connection failed (password, database, server).
[[noreturn]] void pg_connection_failed(const std::string& conn, const std::string& why);

/// @throws Error(Usage) for a table name PostgreSQL cannot hold as given (empty, over 63 bytes,
/// control characters, or a '.', which OGR would read as schema.table).
void check_pg_name(const std::string& name, const std::string& what);

class PgStore {
 public:
  /// Connect, check PostGIS, begin the transaction. `schema` "" = the connection's own.
  /// @throws Error(InputMissing) for a connection refused (password, database, host) and
  /// Error(InputFormat) without PostGIS, each with the fix.
  PgStore(std::string conn, std::string schema = "");
  ~PgStore();  ///< rolls back unless commit() ran
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  /// Replace table `name` with `t` (geometries in the table's CRS), run_id on every row.
  /// @throws Error(Output) for no write permission or a table hotspot did not write.
  void write_layer(const Table& t, const std::string& name, const std::string& run_id);
  /// The layer's QGIS style, as QGIS stores it (default style of the table).
  void write_style(const std::string& name, const std::string& qml, const std::string& title);
  /// The run's row in hotspot_runs: run_id, time, tool version, the manifest (JSON).
  void record_run(const std::string& run_id, const std::string& manifest_json);
  /// @throws Error(Output)
  void commit();

  const std::string& database() const noexcept { return database_; }
  const std::string& schema() const noexcept { return schema_; }

 private:
  std::string qualified(const std::string& name) const;
  std::string conn_;
  std::string schema_;
  std::string database_;
  DatasetPtr lock_;  ///< the session holding the store's advisory lock
  DatasetPtr ds_;
  bool done_ = false;
};

/// A run_id: "<UTC time>-<pid>" (sortable, unique on one machine).
std::string make_run_id();

}  // namespace hotspot::io
