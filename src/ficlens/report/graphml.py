"""GraphML export of the character network (Gephi, yEd, networkx read it).

Why GraphML: it is the one graph format every network tool opens, typed and
escaped XML; nodes are characters (name, canonical tag, mentions), edges carry the
interaction counts and the romantic/platonic strengths.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..document import Document

_NODE_KEYS = (("name", "string"), ("canonical", "string"), ("mentions", "int"),
              ("gender", "string"))
_EDGE_KEYS = (("cooccurrence", "int"), ("conversation", "int"), ("physical", "int"),
              ("romantic", "double"), ("platonic", "double"), ("weight", "double"),
              ("relationship", "string"))


def _data(key: str, value: object) -> str:
    return f'      <data key="{key}">{escape(str(value))}</data>'


def to_graphml(doc: Document) -> str:
    """The interaction network as a GraphML document (UTF-8 text)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for k, t in _NODE_KEYS:
        out.append(f'  <key id="n_{k}" for="node" attr.name="{k}" attr.type="{t}"/>')
    for k, t in _EDGE_KEYS:
        out.append(f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}"/>')
    out.append('  <graph id="characters" edgedefault="undirected">')
    ids = set()
    for c in doc.characters:
        ids.add(c.id)
        out.append(f"    <node id={quoteattr(c.id)}>")
        out.append(_data("n_name", c.name))
        if c.canonical:
            out.append(_data("n_canonical", c.canonical))
        out.append(_data("n_mentions", c.mentions))
        if c.gender:
            out.append(_data("n_gender", c.gender))
        out.append("    </node>")
    tags = {frozenset(r.characters): r.tag for r in doc.relationships}
    for n, i in enumerate(doc.interactions):
        if i.a not in ids or i.b not in ids:
            continue
        out.append(f'    <edge id="e{n}" source={quoteattr(i.a)} target={quoteattr(i.b)}>')
        for k in ("cooccurrence", "conversation", "physical", "romantic", "platonic"):
            out.append(_data(f"e_{k}", getattr(i, k)))
        out.append(_data("e_weight", round(i.romantic + i.platonic, 3)))
        tag = tags.get(frozenset((i.a, i.b)))
        if tag:
            out.append(_data("e_relationship", tag))
        out.append("    </edge>")
    out.append("  </graph>")
    out.append("</graphml>")
    return "\n".join(out) + "\n"
