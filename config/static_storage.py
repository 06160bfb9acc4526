"""Static files in production: WhiteNoise's hashed, compressed manifest storage, without
Django's rewriting of source-map comments.

The NHS.UK frontend's CSS ends with `sourceMappingURL=nhsuk-frontend-10.4.2.min.css.map`,
a file the package does not ship; the manifest storage follows that reference, fails
`collectstatic`, and without a manifest every `{% static %}` raises, so every page is a
500 (issue 12). Source maps are for debugging in a browser; nothing is lost by leaving the
comments as they are.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            rule
            for rule in rules
            if "sourceMappingURL" not in (rule if isinstance(rule, str) else rule[0])
        )
        if rules:
            kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
