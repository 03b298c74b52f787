"""Which outlet published an article: from its URL's host, or a file named after the outlet."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

KNOWN_HOSTS = {
    "abcnews.go.com": "ABC News", "aljazeera.com": "Al Jazeera", "apnews.com": "Associated Press",
    "axios.com": "Axios", "bbc.co.uk": "BBC News", "bbc.com": "BBC News", "bloomberg.com": "Bloomberg",
    "businessinsider.com": "Business Insider", "buzzfeednews.com": "BuzzFeed News",
    "cbsnews.com": "CBS News", "chicagotribune.com": "Chicago Tribune", "cnbc.com": "CNBC",
    "cnn.com": "CNN", "dailymail.co.uk": "Daily Mail", "forbes.com": "Forbes", "foxnews.com": "Fox News",
    "huffingtonpost.com": "HuffPost", "huffpost.com": "HuffPost", "independent.co.uk": "The Independent",
    "inquisitr.com": "Inquisitr", "latimes.com": "Los Angeles Times", "mirror.co.uk": "Daily Mirror",
    "nbcnews.com": "NBC News", "newser.com": "Newser", "npr.org": "NPR", "nypost.com": "New York Post",
    "nytimes.com": "The New York Times", "politico.com": "Politico", "reuters.com": "Reuters",
    "sfgate.com": "SFGate", "slate.com": "Slate", "telegraph.co.uk": "The Telegraph",
    "theatlantic.com": "The Atlantic", "theguardian.com": "The Guardian", "thehill.com": "The Hill",
    "time.com": "Time", "usatoday.com": "USA Today", "vox.com": "Vox",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "news.yahoo.com": "Yahoo News", "nydailynews.com": "New York Daily News",
}
AGENCIES = {"AP": "Associated Press", "AFP": "AFP", "REUTERS": "Reuters", "UPI": "UPI", "CNN": "CNN"}


def outlet_from_url(url: str | None) -> str | None:
    """The outlet's name for well-known hosts (nbcnews.com -> "NBC News"), else the bare host."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    if not host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):  # money.cnn.com -> cnn.com
        name = KNOWN_HOSTS.get(".".join(parts[i:]))
        if name:
            return name
    return host


def outlet_from_filename(source: str | None) -> str | None:
    """Last resort: a file named after a well-known outlet ("nbcnews.txt" -> "NBC News")."""
    if not source or source.startswith(("<", "http://", "https://")):
        return None
    stem = re.split(r"[\\/]", source)[-1].split(".", 1)[0].split(":", 1)[0].lower()
    stem = re.sub(r"[^a-z0-9]", "", stem)
    for host, name in KNOWN_HOSTS.items():
        label = host.split(".")[0]
        if stem and label != "news" and stem == label:
            return name
    return None

