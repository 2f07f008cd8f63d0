"""The stream adapter: messages from a NATS JetStream subject, verdicts to another
(``clearline stream``; see ``jetstream.py`` and docs/scale.md)."""
