# Staging: the development defaults in its own project and state prefix, fed by
# every push to main (.github/workflows/release.yml).
release_tag        = "staging"
monthly_budget_usd = 20
