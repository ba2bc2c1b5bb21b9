// Runs Microsoft's KQL parser and semantic analyzer (Kusto.Language, npm @kusto/language-service-next) over
// query texts, against the tables of src/test/resources/kql/schema.json. No network: the analyzer is a library.
//
// Input (stdin): a JSON list of {name, text, database?, tables?, absent?, expectColumns?}
//   database       "loganalytics" (default), "appinsights" or "resourcegraph": a database of schema.json
//   tables         the tables that exist (default: all of the database); "Name:required" drops the table's
//                  optional columns (AzureDiagnostics' columns that appear only once a record needed them)
//   absent         tables that do not exist (a workspace without AzureDiagnostics, without sign-in logs)
//   expectColumns  ["Name:type", ...]: the result columns the reader expects, in order
// A text may carry the same settings in a comment line of its own: "// kql-check: database=appinsights
// tables=A,B:required absent=C" (for .kql files that need another database or variant).
// Output (stdout): a JSON list of {name, errors, diagnostics[{severity, code, message, line, column}],
// columns["Name:type"], columnProblems[], subsetProblems[]}. Exit 0 whatever the diagnostics: the caller judges.
// subsetProblems: for database=resourcegraph, what lies outside the KQL subset Resource Graph accepts, found on
// the syntax tree (the analyzer alone accepts `let` and every operator).
//
// By hand: node src/test/node/kql-check.js FILE.kql ... prints the same per file and exits 1 on any error.
'use strict';
const fs = require('fs');
const path = require('path');
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');

const K = Kusto.Language;
const SCHEMA = path.join(__dirname, '..', 'resources', 'kql', 'schema.json');

function loadSchema(file) {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    const standard = schema.standardColumns.columns;
    for (const [db, tables] of Object.entries(schema.databases)) {
        for (const [name, table] of Object.entries(tables)) {
            if (!Array.isArray(table.sources) || table.sources.length === 0) {
                throw new Error(`schema: ${db}.${name} names no source`);
            }
            if (db === 'loganalytics') {
                // Every workspace table has the standard columns; a table that lists one keeps its own type.
                table.columns = Object.assign({}, table.columns, ...Object.entries(standard)
                    .filter(([c]) => !(c in table.columns)).map(([c, t]) => ({[c]: t})));
            }
        }
    }
    return schema;
}

/** Settings from "// kql-check: key=value ..." lines, overridden by those given in the request. */
function directives(text) {
    const found = {};
    for (const line of text.split('\n')) {
        const m = /^\s*\/\/\s*kql-check:\s*(.*)$/.exec(line);
        if (!m) {
            continue;
        }
        for (const pair of m[1].trim().split(/\s+/)) {
            const [key, value] = pair.split('=');
            if (!['database', 'tables', 'absent'].includes(key) || value === undefined) {
                throw new Error(`unknown kql-check directive '${pair}' (database=, tables=, absent=)`);
            }
            found[key] = key === 'database' ? value : value.split(',').filter(v => v);
        }
    }
    return found;
}

function tableSymbol(name, table, requiredOnly) {
    const optional = new Set(requiredOnly ? (table.optional || []) : []);
    const columns = Object.entries(table.columns).filter(([c]) => !optional.has(c)).map(([c, t]) => `['${c}']:${t}`);
    return new K.Symbols.TableSymbol.$ctor7(name, `(${columns.join(', ')})`, null);
}

function globalsFor(schema, request) {
    const dbName = request.database || 'loganalytics';
    const db = schema.databases[dbName];
    if (!db) {
        throw new Error(`${request.name}: no database '${dbName}' in schema.json`);
    }
    const wanted = (request.tables || Object.keys(db)).map(t => t.split(':'));
    const absent = new Set(request.absent || []);
    const symbols = [];
    for (const [name, variant] of wanted) {
        if (!db[name]) {
            throw new Error(`${request.name}: no table '${name}' in schema.json database '${dbName}'`);
        }
        if (variant !== undefined && variant !== 'required') {
            throw new Error(`${request.name}: unknown variant '${variant}' of ${name} (only :required)`);
        }
        if (!absent.has(name)) {
            symbols.push(tableSymbol(name, db[name], variant === 'required'));
        }
    }
    return K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor1(dbName, symbols, false));
}

// Resource Graph's subset (MicrosoftDocs/azure-docs, articles/governance/resource-graph/concepts/query-language.md,
// "Supported KQL language elements"; `let` unsupported per MicrosoftDocs/azure-docs issue 104044): one query
// statement; these tabular operators (by keyword); join flavors innerunique, inner, leftouter, fullouter, at most 3
// joins, no custom strategy (hint.*); at most 2 mv-expand (the table's limit; the paragraph below it says a default
// of 3: the stricter holds); at most 3 union legs, no fuzzy union. The same list guards FakeResourceGraph's door
// (src/test/java/com/cmkverifier/testing/wire/ResourceGraphLanguage.java).
const RG_OPERATORS = new Set(['count', 'distinct', 'extend', 'join', 'limit', 'mv-expand', 'mvexpand', 'order',
    'parse', 'project', 'project-away', 'sort', 'summarize', 'take', 'top', 'union', 'where']);
const RG_JOIN_KINDS = new Set(['innerunique', 'inner', 'leftouter', 'fullouter']);
const RG_MAX = {join: 3, 'mv-expand': 2, unionLegs: 3};

function resourceGraphSubset(code, text) {
    const problems = [];
    const at = node => {
        const p = position(text, node.TextStart);
        return `${p.line}:${p.column}`;
    };
    const statements = code.Syntax.Statements;
    let queries = 0;
    for (let i = 0; i < statements.Count; i++) {
        const s = statements.getItem(i).Element;
        if (Bridge.is(s, K.Syntax.ExpressionStatement)) {
            queries++;
        } else {
            problems.push(`${at(s)}: '${s.GetFirstToken().Text}' statement (${Bridge.getTypeName(s).split('.').pop()}) is not supported by Resource Graph`);
        }
    }
    if (queries !== 1) {
        problems.push(`Resource Graph runs exactly one query statement, found ${queries}`);
    }
    const counts = {join: 0, 'mv-expand': 0, unionLegs: 0};
    const walk = node => {
        if (Bridge.is(node, K.Syntax.QueryOperator)) {
            const keyword = node.GetFirstToken().Text.toLowerCase();
            const parameters = [];
            if (node.Parameters) {
                for (let i = 0; i < node.Parameters.Count; i++) {
                    const p = node.Parameters.getItem(i);
                    parameters.push([p.Name.SimpleName.toLowerCase(), p.Expression.ToString().trim().toLowerCase()]);
                }
            }
            if (!RG_OPERATORS.has(keyword)) {
                problems.push(`${at(node)}: the tabular operator '${keyword}' is not supported by Resource Graph`);
            } else if (keyword === 'join') {
                counts.join++;
                for (const [name, value] of parameters) {
                    if (name === 'kind' && !RG_JOIN_KINDS.has(value)) {
                        problems.push(`${at(node)}: join kind=${value} is not supported by Resource Graph`);
                    } else if (name.startsWith('hint.')) {
                        problems.push(`${at(node)}: custom join strategies (${name}) are not allowed by Resource Graph`);
                    }
                }
            } else if (keyword === 'mv-expand' || keyword === 'mvexpand') {
                counts['mv-expand']++;
            } else if (keyword === 'union') {
                counts.unionLegs += node.Expressions.Count + (Bridge.is(node.Parent, K.Syntax.PipeExpression) ? 1 : 0);
                if (parameters.some(([name, value]) => name === 'isfuzzy' && value === 'true')) {
                    problems.push(`${at(node)}: fuzzy union (isfuzzy=true) is not allowed by Resource Graph`);
                }
            }
        }
        for (let i = 0; i < node.ChildCount; i++) {
            const child = node.GetChild(i);
            if (child) {
                walk(child);
            }
        }
    };
    walk(code.Syntax);
    for (const [what, max] of Object.entries(RG_MAX)) {
        if (counts[what] > max) {
            problems.push(`Resource Graph allows at most ${max} ${what === 'unionLegs' ? 'union legs' : what}, found ${counts[what]}`);
        }
    }
    return problems;
}

function position(text, offset) {
    const before = text.substring(0, offset).split('\n');
    return {line: before.length, column: before[before.length - 1].length + 1};
}

function check(schema, request) {
    const settings = Object.assign(directives(request.text), Object.fromEntries(
        Object.entries(request).filter(([, v]) => v !== undefined && v !== null)));
    const code = K.KustoCode.ParseAndAnalyze(request.text, globalsFor(schema, settings));
    const diagnostics = [];
    const list = code.GetDiagnostics();
    for (let i = 0; i < list.Count; i++) {
        const d = list.getItem(i);
        diagnostics.push(Object.assign({severity: d.Severity, code: d.Code, message: d.Message},
            position(request.text, d.Start)));
    }
    const columns = [];
    const result = code.ResultType;
    if (result && result.Columns) {
        for (let i = 0; i < result.Columns.Count; i++) {
            const c = result.Columns.getItem(i);
            columns.push(`${c.Name}:${c.Type.Name}`);
        }
    }
    const columnProblems = [];
    if (request.expectColumns && request.expectColumns.join(',') !== columns.join(',')) {
        columnProblems.push(`expected columns [${request.expectColumns.join(', ')}] but the query returns [${columns.join(', ')}]`);
    }
    const subsetProblems = (settings.database || 'loganalytics') === 'resourcegraph'
        ? resourceGraphSubset(code, request.text) : [];
    return {
        name: request.name, errors: diagnostics.filter(d => d.severity === 'Error').length,
        diagnostics, columns, columnProblems, subsetProblems
    };
}

function main() {
    const schema = loadSchema(SCHEMA);
    const files = process.argv.slice(2);
    if (files.length > 0) {
        const results = files.map(f => check(schema, {name: f, text: fs.readFileSync(f, 'utf8')}));
        process.stdout.write(JSON.stringify(results, null, 2) + '\n');
        process.exit(results.some(r => r.errors > 0 || r.subsetProblems.length > 0) ? 1 : 0);
    }
    const requests = JSON.parse(fs.readFileSync(0, 'utf8'));
    process.stdout.write(JSON.stringify(requests.map(r => check(schema, r))) + '\n');
}

main();
