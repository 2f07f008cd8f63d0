"""Policy: scores, groups and thresholds as data (TOML), and the scoring that applies them."""

from clearline.policy.config import ConfigError, PolicyConfig, load_config
from clearline.policy.scoring import Policy

__all__ = ["ConfigError", "Policy", "PolicyConfig", "load_config"]
