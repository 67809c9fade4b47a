// Checks tapflow's DDL on a current ClickHouse engine (chDB, in-process; no server needed).
//
//   node check-ddl.js MODERN_SQL CLUSTER_SQL ROWS_DIR
//
// 1. Runs every statement of MODERN_SQL in a fresh chDB session (so DateTime64, IPv4/IPv6,
//    LowCardinality, codecs, TTL and the table settings are accepted by a 26.x engine).
// 2. For every ROWS_DIR/<db>.<table>.bin (RowBinary rows written by tapflow's RowBinaryWriter,
//    column list in <db>.<table>.columns), inserts them through the file() table function and
//    prints the rows back as one JSON object per line: {"table": ..., "row": {...}}, then the rows
//    of every view (the 1 h / 1 d rollups, filled by their materialized views) the same way.
// 3. Passes every statement of CLUSTER_SQL through formatQuery() (ON CLUSTER, ReplicatedMergeTree
//    and Distributed cannot run without a cluster; their syntax can be checked).
// Exits non-zero with the failing statement on the first error.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Session } = require('chdb');

function statements(file) {
  return fs.readFileSync(file, 'utf8')
    .split(/;\n/)
    .map((s) => s.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim())
    .filter((s) => s.length > 0);
}

function quote(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function main() {
  const [modernSql, clusterSql, rowsDir] = process.argv.slice(2);
  if (!rowsDir) {
    console.error('usage: node check-ddl.js MODERN_SQL CLUSTER_SQL ROWS_DIR');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tapflow-chdb-'));
  const session = new Session(dir);
  const run = (sql, format) => {
    try {
      return session.query(sql, format || 'TabSeparated');
    } catch (e) {
      console.error('chDB rejected:\n' + sql + '\n' + e.message);
      process.exit(1);
    }
  };
  try {
    console.error('chDB ' + run('SELECT version()').trim());
    for (const s of statements(modernSql)) run(s);
    // The TTL clauses were accepted above; drop them before inserting sample rows from the past, which
    // the server would otherwise expire in the background while this check reads them back.
    for (const t of run(`SELECT concat(database, '.', name) FROM system.tables WHERE engine LIKE '%MergeTree' ` +
                        `AND database IN ('flow_log', 'flow_metrics')`).split('\n').filter((l) => l)) {
      run(`ALTER TABLE ${t} REMOVE TTL`);
    }
    for (const f of fs.readdirSync(rowsDir).filter((n) => n.endsWith('.bin')).sort()) {
      const table = f.slice(0, -4);
      const columns = fs.readFileSync(path.join(rowsDir, table + '.columns'), 'utf8').trim();
      const [db, name] = table.split('.');
      // the structure of file(): the table's own column types, in the writer's column order
      const structure = run(
        `SELECT arrayStringConcat(groupArray(concat('\`', name, '\` ', type)), ', ') FROM ` +
        `(SELECT name, type FROM system.columns WHERE database = ${quote(db)} AND table = ${quote(name)} ORDER BY position)`).trim();
      run(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM file(${quote(path.resolve(rowsDir, f))}, 'RowBinary', ${quote(structure.replace(/\\'/g, "'"))})`);
      for (const line of run(`SELECT * FROM ${table}`, 'JSONEachRow').split('\n').filter((l) => l)) {
        console.log(JSON.stringify({ table, row: JSON.parse(line) }));
      }
    }
    // the rollup views (1 h / 1 d), fed by the materialized views from the 1-minute rows just inserted
    for (const view of run(`SELECT concat(database, '.', name) FROM system.tables WHERE engine = 'View' AND database IN ('flow_log', 'flow_metrics') ORDER BY name`)
      .split('\n').filter((l) => l)) {
      for (const line of run(`SELECT * FROM ${view}`, 'JSONEachRow').split('\n').filter((l) => l)) {
        console.log(JSON.stringify({ table: view, row: JSON.parse(line) }));
      }
    }
    let n = 0;
    for (const s of statements(clusterSql)) {
      run(`SELECT formatQuery(${quote(s)})`);
      n++;
    }
    console.error(`cluster rendering: ${n} statements pass formatQuery()`);
  } finally {
    session.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
