// Reading one token against the rest: "focus edges" hides every edge not at the explanation, the
// target or the selected token; selecting a token brings its edges and neighbours forward and fades
// the rest (the explanation and the target stay, they are what the selection is read against).
import type { Core } from 'cytoscape';

/** Shows only edges at the explanation, the target and the selected token (or, off, every edge). */
export function applyFocus(cy: Core, focusEdges: boolean, selected: number | null): void {
  cy.batch(() => {
    cy.edges().removeClass('unfocused');
    if (!focusEdges) return;
    const keep = cy
      .nodes('.explanation, .target')
      .union(selected === null ? cy.collection() : cy.getElementById(String(selected)));
    cy.edges().not(keep.connectedEdges()).addClass('unfocused');
  });
}

/** Highlights token i, its incident edges and neighbours; fades the rest. null clears. */
export function markSelection(cy: Core, i: number | null): void {
  cy.batch(() => {
    cy.elements().removeClass('faded incident selected-token');
    if (i === null) return;
    const node = cy.getElementById(String(i));
    if (node.empty()) return;
    // The explanation and the target stay visible: they are what the selection is read against.
    const hood = node.closedNeighborhood().not('.lost').union(cy.nodes('.explanation, .target'));
    cy.elements().not(hood).addClass('faded');
    node.addClass('selected-token');
    node.connectedEdges().not('.lost').addClass('incident');
  });
}
