"""The brief, Qt-free: what a project's brief says, as a tree the renderers draw.

``markup`` (the analyst's Markdown as safe nodes), ``doc`` (the BriefDoc
tree), ``contents`` (what is in the brief), ``compose`` (project -> tree),
``appendix`` (the source appendix) and ``checks`` (tradecraft findings).
Nothing here imports reportlab, Qt, the store or the renderers.
"""
