import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explanationTokens, primaryRole, roleSets, tokenRoleFlags } from '../../../src/shared/tokenRoles';

// Target 0, two alternative explanations {1} and {2, 3}, PDS-tree {1, 2, 3, 4}.
const explanation = { target: 0, sets: [[1], [2, 3]], candidates: [1, 2, 3, 4] };

test('explanationTokens: alternative k alone; none chosen or a stale index: every token of every alternative', () => {
  assert.deepEqual([...explanationTokens(explanation.sets, 1)], [2, 3]);
  assert.deepEqual([...explanationTokens(explanation.sets, 0)], [1]);
  assert.deepEqual([...explanationTokens(explanation.sets, null)].sort(), [1, 2, 3]);
  assert.deepEqual([...explanationTokens(explanation.sets, 2)].sort(), [1, 2, 3]);
  assert.deepEqual([...explanationTokens(explanation.sets, -1)].sort(), [1, 2, 3]);
  assert.deepEqual([...explanationTokens([], 0)], []);
});

test('tokenRoleFlags: a token keeps every role it has (an explanation token is also a candidate)', () => {
  const s = roleSets(explanation, null, 3);
  assert.deepEqual(tokenRoleFlags(s, 0), { explanation: false, candidate: false, target: true, selected: false });
  assert.deepEqual(tokenRoleFlags(s, 1), { explanation: true, candidate: true, target: false, selected: false });
  assert.deepEqual(tokenRoleFlags(s, 3), { explanation: true, candidate: true, target: false, selected: true });
  assert.deepEqual(tokenRoleFlags(s, 4), { explanation: false, candidate: true, target: false, selected: false });
  assert.deepEqual(tokenRoleFlags(s, 5), { explanation: false, candidate: false, target: false, selected: false });
});

test('roleSets with a chosen alternative: the other alternatives are candidates only', () => {
  const s = roleSets(explanation, 0);
  assert.equal(tokenRoleFlags(s, 1).explanation, true);
  assert.deepEqual(tokenRoleFlags(s, 2), { explanation: false, candidate: true, target: false, selected: false });
  assert.equal(s.selected, null);
});

test('primaryRole: target before explanation before candidate; no role: null', () => {
  const f = (explanation: boolean, candidate: boolean, target: boolean) =>
    primaryRole({ explanation, candidate, target, selected: false });
  assert.equal(f(true, true, true), 'target');
  assert.equal(f(true, true, false), 'explanation');
  assert.equal(f(false, true, false), 'candidate');
  assert.equal(f(false, false, false), null);
  // Selection is the panel's, not a highlight role.
  assert.equal(primaryRole({ explanation: false, candidate: false, target: false, selected: true }), null);
});

test('a target that is also in the explanation keeps both flags (the panel marks both)', () => {
  const s = roleSets({ target: 1, sets: [[1]], candidates: [1] });
  assert.deepEqual(tokenRoleFlags(s, 1), { explanation: true, candidate: true, target: true, selected: false });
  assert.equal(primaryRole(tokenRoleFlags(s, 1)), 'target');
});
