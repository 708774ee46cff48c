"""Places and organizations, and the site around every app: two layers.

The bottom (models, fields, validators, text, history, hsds_ids, cache, middleware, ratelimit,
paging, spreadsheets, demand, …) is what services and events build on; it imports neither.
The top sees every app: urls, public_urls, views, sitemaps, the admin package, planning, and
the demo and synthetic data (demo, demo_data, demo_accounts, synthetic, and their commands).
"""
