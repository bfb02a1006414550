"""Web pages and feeds as publishers serve them (navigation, a cookie banner, related links,
bylines, <time>, JSON-LD, Open Graph), for the tests and the benchmark to serve locally."""

from __future__ import annotations

import html
import json

FILLER = (
    "The conversation came as allies weighed the alliance's posture on its eastern flank, a "
    "question expected to dominate the agenda for much of the year. Officials on both sides described the conversation as warm and substantive, and "
    "said the two leaders agreed to stay in close contact in the weeks ahead. Analysts noted "
    "that the new administration has moved quickly to reassure partners in Europe after four "
    "years of strained relations, and that consultation with allies would again be the rule "
    "rather than the exception on matters of shared security."
)

CALL = (
    "President Joe Biden spoke with French President Emmanuel Macron on Tuesday, the White "
    "House said."
)
CALL_AGAIN = "Emmanuel Macron held a phone call with Joe Biden on Tuesday to discuss NATO."


def article_html(
    *,
    title: str = "Biden and Macron discuss NATO in first call",
    lead: str = CALL,
    paragraphs: int = 3,
    author: str = "Jane Reporter",
    site: str = "The Daily Example",
    published: str = "2021-01-27",
    canonical: str = "",
    extra: str = "",
) -> str:
    """A news article page: the article, and around it what a real page has."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": f"{published}T09:30:00Z",
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site},
    }
    if canonical:
        ld["mainEntityOfPage"] = canonical
    body = "\n".join(f"<p>{html.escape(FILLER)}</p>" for _ in range(paragraphs))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    og_url = f'<meta property="og:url" content="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
{link}
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="og:type" content="article">
{og_url}
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{published}T09:30:00Z">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 By continuing you accept our cookie policy. <button>Accept all</button>
 <button>Manage settings</button></div>
<header><nav><ul>
 <li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
 <li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav></header>
<main>
<article>
<h1>{html.escape(title)}</h1>
<div class="byline">By <span class="author">{html.escape(author)}</span>,
 <time datetime="{published}T09:30:00Z">{published}</time></div>
<p>{html.escape(lead)}</p>
{body}
{extra}
</article>
<aside class="related"><h2>Related stories</h2><ul>
 <li><a href="/a">Markets slide as oil prices climb</a></li>
 <li><a href="/b">Ten recipes for a quick weeknight dinner</a></li>
 <li><a href="/c">Premier League: late goal settles derby</a></li>
</ul></aside>
</main>
<footer><p>© 2026 {html.escape(site)}. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""


def paywall_html() -> str:
    """A page whose article is behind a paywall: a headline and a teaser only."""
    return """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Allies weigh new package | The Paywalled Times</title>
<meta property="og:title" content="Allies weigh new package">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Allies weigh new package</h1>
<p>Foreign ministers met on Tuesday to discuss the next steps.</p>
<div class="paywall">Subscribe to continue reading. Already a subscriber? Sign in.</div>
</article></body></html>
"""


def rss(entries: list[tuple[str, str]], *, title: str = "Example News: World") -> str:
    """An RSS 2.0 feed of (title, link) entries."""
    items = "\n".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid>"
        f"<pubDate>Wed, 27 Jan 2021 09:30:00 GMT</pubDate></item>"
        for t, link in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title>
<link>https://news.example/</link><description>World news</description>
{items}
</channel></rss>
"""
