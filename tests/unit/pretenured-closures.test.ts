import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * V8 allocates a function literal assigned to a property (`this.resolve = x => …`) in the old
 * generation; it then keeps what it closes over alive until a full collection. postgres.js did this
 * for every query, so each query's rows outlived the page. patches/postgres+*.patch assigns those
 * closures through consts; this checks that `npm install` applied it (patch-package, postinstall).
 */
// the ES module build, which Bezel imports (the CommonJS copy beside it is not patched)
const postgresSource = fileURLToPath(new URL('../../node_modules/postgres/src', import.meta.url));

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, fs.readFileSync(path.join(postgresSource, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** `a.b = () => …` and `a.b = function …` inside `scope`, as source text */
function functionLiteralsAssignedToProperties(scope: ts.Node): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if (
			ts.isBinaryExpression(node) &&
			node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
			(ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) &&
			(ts.isArrowFunction(node.right) || ts.isFunctionExpression(node.right))
		) {
			found.push(node.getText().split('\n')[0]);
		}
		ts.forEachChild(node, visit);
	};
	visit(scope);
	return found;
}

function find<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T, label: string): T {
	let match: T | undefined;
	const visit = (node: ts.Node) => {
		if (!match && test(node)) match = node;
		else ts.forEachChild(node, visit);
	};
	visit(root);
	if (!match) throw new Error(`postgres.js no longer has ${label}: look at patches/README.md again`);
	return match;
}

describe('the postgres.js patch (patches/README.md)', () => {
	it('builds every query without a closure that V8 would allocate in the old generation', () => {
		const queryClass = find(
			parse('query.js'),
			(n): n is ts.ClassDeclaration => ts.isClassDeclaration(n) && n.name?.text === 'Query',
			'class Query'
		);
		const constructor = find(queryClass, ts.isConstructorDeclaration, 'a Query constructor');
		expect(functionLiteralsAssignedToProperties(constructor)).toEqual([]);
		// the patched constructor still hands out settling functions of its own
		expect(constructor.getText()).toMatch(/this\.resolve = \w+/);
	});

	it('reserves a connection without one either', () => {
		const reserve = find(
			parse('index.js'),
			(n): n is ts.FunctionDeclaration => ts.isFunctionDeclaration(n) && n.name?.text === 'reserve',
			'function reserve'
		);
		expect(functionLiteralsAssignedToProperties(reserve)).toEqual([]);
	});

	it('recognises the pattern it guards against', () => {
		const sample = ts.createSourceFile('x.js', 'function f(q) { q.resolve = x => x; q.other = g; }', ts.ScriptTarget.Latest, true);
		expect(functionLiteralsAssignedToProperties(sample)).toEqual(['q.resolve = x => x']);
	});
});
