// Runs tapflow's example queries on a current ClickHouse engine (chDB, in-process) over real rows.
//
//   node run-examples.js MODERN_SQL ROWS_DIR EXAMPLES_DIR [--part-stats]
//
// Creates every table and view of MODERN_SQL in a fresh chDB session, removes the TTLs (the rows may
// be from the past: a replayed capture), inserts ROWS_DIR/<db>.<table>.bin (RowBinary, column list
// in <db>.<table>.columns) in name order (the materialized views fill the 1 h / 1 d rollups), then
// runs every EXAMPLES_DIR/*.sql as it is and prints one JSON object per example:
// {"example": "<file>", "tsv": "<result in TabSeparatedWithNames>"}. With --part-stats, instead, it merges
// every flow_metrics table that took rows (OPTIMIZE FINAL) and prints, per table,
// {"table": ..., "rows": N, "compressed": bytes, "uncompressed": bytes} from system.parts (the
// benchmark's bytes per row on a current server). Exits non-zero on the first error.
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
  const [modernSql, rowsDir, examplesDir, flag] = process.argv.slice(2);
  if (!examplesDir) {
    console.error('usage: node run-examples.js MODERN_SQL ROWS_DIR EXAMPLES_DIR');
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
    for (const t of run(`SELECT concat(database, '.', name) FROM system.tables WHERE engine LIKE '%MergeTree' ` +
                        `AND database IN ('flow_log', 'flow_metrics')`).split('\n').filter((l) => l)) {
      run(`ALTER TABLE ${t} REMOVE TTL`);
    }
    for (const f of fs.readdirSync(rowsDir).filter((n) => n.endsWith('.bin')).sort()) {
      const table = f.slice(0, -4);
      const columns = fs.readFileSync(path.join(rowsDir, table + '.columns'), 'utf8').trim();
      const [db, name] = table.split('.');
      const structure = run(
        `SELECT arrayStringConcat(groupArray(concat('\`', name, '\` ', type)), ', ') FROM ` +
        `(SELECT name, type FROM system.columns WHERE database = ${quote(db)} AND table = ${quote(name)} ORDER BY position)`).trim();
      run(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM file(${quote(path.resolve(rowsDir, f))}, 'RowBinary', ${quote(structure.replace(/\\'/g, "'"))})`);
    }
    if (flag === '--part-stats') {
      for (const f of fs.readdirSync(rowsDir).filter((n) => n.startsWith('flow_metrics.') && n.endsWith('.bin')).sort()) {
        const table = f.slice(0, -4);
        run(`OPTIMIZE TABLE ${table} FINAL`);
        const [rows, compressed, uncompressed] = run(`SELECT sum(rows), sum(data_compressed_bytes), sum(data_uncompressed_bytes) ` +
          `FROM system.parts WHERE active AND database = 'flow_metrics' AND table = ${quote(table.split('.')[1])}`).trim().split('\t').map(Number);
        console.log(JSON.stringify({ table, rows, compressed, uncompressed }));
      }
      return;
    }
    for (const f of fs.readdirSync(examplesDir).filter((n) => n.endsWith('.sql')).sort()) {
      const sql = fs.readFileSync(path.join(examplesDir, f), 'utf8').trim().replace(/;$/, '');
      console.log(JSON.stringify({ example: f, tsv: run(sql, 'TabSeparatedWithNames') }));
    }
  } finally {
    session.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
