"""Content analytics: what a text says, for fraud and spam patterns only (never viewpoint).

Modules:
    ``normalize``   text preparation shared by training and scoring: look-alike letters folded,
                    party/candidate/ideology words masked, opt-out instructions removed.
    ``triggers``    word-set prefilters that keep Python's regexes off texts they cannot match.
    ``features``    hashed character and word n-gram features, vectorised with numpy.
    ``links``       URL extraction and per-host analysis (shorteners, IPs, lookalikes, TLDs).
    ``brands``      commonly impersonated brands and their real domains.
    ``lures``       call-back numbers, money and prize lures, urgency and credential requests.
    ``facts``       the per-batch analysis every content signal shares (computed once, cached).
    ``classifier``  the shipped spam/smishing model (``content_model.npz``): loading and scoring.
    ``training``    data loading, model fitting and evaluation (needs the ``train`` extra).

The signals that use them live in ``clearline.signals``: ``links``, ``lures``, ``categories``
(restricted content categories, from ``clearline.signals.categories``) and ``content``.
"""
