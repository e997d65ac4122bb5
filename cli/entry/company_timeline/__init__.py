"""company_timeline: an event-sourced timeline of company facts.

The import name is ``company_timeline``, not ``timeline``: that name belongs to
an unrelated package on the public index, and the ``timeline`` command must
never import someone else's code. Its parts: ``company_timeline.domain``
(events, rules, the store), ``.projections`` (folds and exports), ``.cli``.
"""
