"""Renderings of a finished document: JSON contract, terminal text, HTML, GraphML."""
