"""Line rules: is one line of scraped text web boilerplate, and why (a short reason).

Boilerplate is recognised by general rules about the *shape* of a line (a lone byline, a
bracketed photo credit, an imperative promo aimed at "you", a stamp made only of dates, ...),
never by the phrases of one site. Each rule is a compiled regular expression; a line is tested
against a few combined patterns, so cleaning ~1,800 words takes well under a millisecond or two.
"""
from __future__ import annotations

import re

_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|da|del|der|van|von|la|le|bin|al|di|du|st\.))*"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
# one token of a date/time stamp: "Monday," "Aug." "11," "2018" "11:03" "PM" "EDT" "at" "|"
_DATE_TOKEN = re.compile(
    rf"(?i)^(?:{_MONTH}\.?,?|{_DAY}\.?,?|\d{{1,4}}(?:st|nd|rd|th)?[,.]?|\d{{1,2}}[:.]\d{{2}}(?:[ap]\.?m\.?)?,?|"
    r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4},?|[ap]\.?m\.?,?|[A-Z]{1,2}[SD]?T|GMT|UTC|BST|ET|PT|CT|at|on|of|the|"
    r"[|/·•,–—-]|\(.*\)|updated|posted|published|last|first|modified|ago|hours?|minutes?|days?)$")

# lines that are boilerplate from start to end, recognised by how they start
_START = re.compile(r"""(?ix)^(?:
  (?P<separator>[\W_]*$)
| (?P<advertisement>(?:(?:advertisement|sponsored(?:\ content)?|story\ continue[sd]\ below(?:\ advertisement)?
      |article\ continues\ below|continue\ reading(?:\ the\ main\ story|\ below)?|scroll\ down\ for\ (?:video|more)
      |ad\ feedback|skip\ ad|photo|video)\b|\s)+$)
| (?P<photo_credit>[\[(]?(?:photos?|images?|pictures?|photograph(?:s|ed)?|illustrations?|graphics?|credits?
      |(?:photo|image|picture)\ credit|(?:photo|image)\ copyright|gallery)\b\s*(?::|by\b|credit\b|courtesy\b|copyright\b|©))
| (?P<video_label>(?:video|watch|listen|now\ playing|up\ next)\s*:)
| (?P<caption_file>file\s*[-–—]\s|(?:in\ )?this\ (?:undated\ |handout\ |file\ |booking\ |combination\ )*(?:photo|image|picture|video|frame\ grab|still)\b)
| (?P<byline>(?:by|story\ by|written\ by|words\ by|reporting\ by)\s+(?-i:""" + _NAME + r"""(?:\s*(?:,|and|&)\s*""" + _NAME + r""")*
      (?:\s*[,/|]\s*""" + _NAME + r""")?)\s*[|.]?$)
| (?P<dash_byline>[-—–]{1,2}\s*(?-i:""" + _NAME + r""")$)
| (?P<contributor>[-—–(\s]*(?:additional\ reporting|reporting|writing|editing|compiled|with\ assistance)\ (?:by|from)\b)
| (?P<related>(?:more\ from|more(?=:\s)|click\ for\ more(?:\ from)?|read\ more|related(?:\ stories|\ articles|\ coverage|\ content|\ links|\ video)?
      |see\ also|also\ read|also\ see|you\ may\ also\ like|recommended(?:\ for\ you)?|most\ popular|trending\ now|more\ stories
      |more\ on\ this(?:\ story)?|further\ reading|online|read\ the\ full\ story|click\ here)\b)
| (?P<share>(?:read\ or\ )?share(?:\ this)?(?:\ (?:article|story|page|post|video))?\s*(?::|on\b|via\b|with\b|$)
      |(?:(?:share|tweet|post|email|e-mail|facebook|twitter|pinterest|linkedin|reddit|whatsapp|print|digg|stumbleupon|instagram|comments?|more|play|save|copy\ link)\b[\s|,/]*){1,}$
      |(?:facebook|twitter|pinterest|email|share|linkedin)\s+(?:facebook|twitter|pinterest|email|share|linkedin|whatsapp|messenger|tweet|post)\b
      |bookmark\b|e-?mail\ this\b|printable\ version)
| (?P<copyright>(?:©|\(c\)\s*\d|copyright\b))
| (?P<promo_verb>(?:get|sign\ up|subscribe|join|download|don't\ miss|never\ miss|want|stay|like|follow|for\ (?:the\ latest|more|breaking))\b)
| (?P<contact>(?:contact|write\ to|to\ reach|e-?mail|have\ a\ (?:news\ )?tip)\b)
| (?P<reader_q>(?:do|did|does|what|how|would|will|should|are|is|have|has|can|could|were|was|which|who)\b[^.!?]*\byou(?:r|rs)?\b[^.!?]*\?\W*$)
| (?P<watch_below>(?:watch|see|listen\ to|view|check\ out)\b)
| (?P<stamp>[\s/|·•-]*(?:last\ updated|updated|posted|published|first\ published|modified)\b)
)""")

# markers that make a whole (short) line boilerplate wherever they occur in it; a line is only
# searched when one of its words is a trigger word (a set lookup: searching every line is slow)
_ANYWHERE = re.compile(  # searched in the lower-cased line
    r"""(?x)
  (?P<social_embed>pic\.twitter\.com/|\ba\ post\ shared\ by\b|\(@\w{1,20}\)\s+(?:on\ )?""" + _MONTH + r"""\b
      |\badd\ (?:a\ )?location(?:\ information)?\ to\ your\ tweets\b|^tweet\ with\ a\ location$)
| (?P<video_caption>\bjust\ watched\b|\bmust\ watch\b|replay\ more\ videos|copy\ this\ code\ to\ your\ website
      |\bclick\ to\ play\b|media\ playback\ is\ unsupported|\bmedia\ caption\b|\bautoplay\b)
| (?P<photo_caption>\b(?:enlarge\ (?:this\ )?image|toggle\ caption|hide\ caption|show\ caption|image\ caption|see\ gallery
      |image\ copyright|back\ to\ slide|image\ \d+\ of\ \d+)\b|\bphotograph:\ [^.]*$)
| (?P<promo>\b(?:your\ inbox|our\ newsletters?|newsletters?\ (?:sign\ up|signup)|thanks?\ (?:you\ )?for\ subscribing
      |breaking\ news\ (?:alerts|emails)|delivered\ (?:weekday|daily|every)|like\ loading
      |(?:let\ us\ know|tell\ us|sound\ off|leave\ (?:a|your)\ comment)\b.{0,40}\bin\ the\ comments|tell\ us\ what\ you\ think
      |share\ your\ (?:thoughts|views)|click\ here|share\ this\ article)\b)
| (?P<copyright>\ball\ rights\ reserved\b)
| (?P<error_page>\b(?:page\ (?:you\ requested\ )?(?:was\ not|could\ not\ be|cannot\ be|not)\ found|404\ not\ found
      |enable\ javascript|javascript\ is\ disabled|your\ browser\ (?:does\ not|doesn't)\ support)\b)
""")
# Literal pieces of which every match of _ANYWHERE contains one (one or more per alternative,
# in the order of the pattern). Searching _ANYWHERE costs some 30 µs per line because no
# literal starts it; a line that holds none of these pieces cannot match, and that test is cheap.
_ANYWHERE_NEEDS = (
    "pic.twitter.com/", "a post shared by", "(@", "to your tweets", "tweet with a location",
    "just watched", "must watch", "replay more videos", "copy this code", "click to play",
    "media playback", "caption", "autoplay",  # video_caption ("media caption": "caption")
    "enlarge ", "see gallery", "image ", "back to slide", "photograph: ",  # photo_caption
    "your inbox", "newsletter", "for subscribing", "breaking news ", "delivered ", "like loading",
    "in the comments", "tell us what you think", "share your ", "click here", "share this article",
    "all rights reserved", "not found", "be found", "javascript", "your browser ")
# lower-case substrings of which one must occur in a line before _ANYWHERE is searched; the
# document is checked for each once (str.find is fast) and lines only for those present
# (every piece of _ANYWHERE_NEEDS holds one of them, so every match of _ANYWHERE does)
TRIGGERS = ("pic.twitter.com/", "a post shared by", "(@", "tweet", "watched", "must watch", "replay more videos",
            "copy this code", "autoplay", "playback", "caption", "enlarge", "gallery", "image ", "copyright",
            "slide", "inbox", "newsletter", "subscrib", "privacy", "breaking news", "delivered", "loading",
            "comments", "let us know", "tell us what", "thoughts", "share your", "reserved", "not found",
            "be found", "share this article", "javascript", "browser", "click", "photograph:")
_TRIGGER_BYTES = tuple((t, t.encode("ascii")) for t in TRIGGERS)
# the end of a line: a credit or stamp in brackets, "REUTERS/Name", "| 02:51", "... contributed."
_TAIL_BRACKET = re.compile(r"""(?x)[(\[]\s*(?:
  (?P<video_caption>(?i:published|updated|posted)\ .*\d{4})
| (?P<photo_caption>(?i:photo|image|picture|credit)s?\s*[:/].*
      |(?:.*/)?\s*(?:AP|AFP|Getty\ Images|Reuters|REUTERS|EPA|Invision|Pool|Associated\ Press|[A-Z]{3,}(?:/[A-Z]{2,})*)(?:,\ (?:Pool|File))*
      |[A-Z][\w.'’\ -]{1,40}\ ?/\ ?[A-Z][\w.'’&/\ -]{1,60}))\s*[)\]](?:\W*[)\]])?$""")
_TAIL_CREDIT = re.compile(r"\b(?:REUTERS|AP|AFP|Getty Images)/[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\W*$")
_TAIL_VIDEO = re.compile(r"\|\s*\d{1,2}:\d{2}$")
_CONTRIBUTED = re.compile(r"(?i)\b(?:contributed|contributing)(?: reporting)?(?: to (?:this|the) (?:report|story|article))?\W*$")
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# the letters each _START alternative can open with ("e" of e-mail, "don" of don't)
_START_WORDS = frozenset("""advertisement sponsored story article continue scroll ad skip photo photos image images
    picture pictures photograph photographs photographed illustration illustrations graphic graphics credit credits
    gallery video watch listen now up file in this by written words reporting additional writing editing compiled
    with more click read related see also you recommended most trending further online share tweet post email
    e facebook twitter pinterest linkedin reddit whatsapp print digg stumbleupon instagram comment comments play
    save copy bookmark printable copyright get sign subscribe join download don never want stay like follow for
    contact write to have do did does what how would will should are is has can could were was which who view
    check last updated posted published first modified ©""".split())
# the letters a line starts with (on the folded line): "e-mail" -> "e", "don't" -> "don"
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# a photographer's credit on its own line: "Alistair Barr for The Wall Street Journal"
_FOR_OUTLET = re.compile(r"(?:^|(?<=[.!?] ))(?:[A-Z][\w.'’-]+ ){2,3}for (?:The )?[A-Z][\w.&'’-]*"
                         r"(?: (?:of )?[A-Z][\w.&'’-]*){0,4}(?<=[^\W_])$")  # ends on a letter or digit
# a photo gallery's counter: "Hide Caption 3 of 15", "Image 1 of / 4"
_GALLERY_COUNTER = re.compile(r"(?i)\b(?:caption|image|photo|slide|picture)\s+\d+\s+of\s+/?\s*\d+\b")
_GALLERY_HINTS = ("caption", "image", "photo", "slide", "picture")  # in every counter, lower-cased
GALLERY_REST_WORDS = 50  # a gallery line goes only when the article has this much other text
_URL_LINE = re.compile(r"(?i)^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+/\S*$")
_HEADING_CAPS = re.compile(r"^[^a-z]*[A-Z]{2,}[^a-z]*$")
_BULLET = re.compile(r"^(?:[*•·▪►]|-(?=\s))\s+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # scripts written without spaces
_TERMINAL = re.compile(r"""[.!?…:;'"’”)\]。！？」』]\W*$""")
# A token is a whole word ((?!\w)), so it can be matched in only one way: the atomic group
# (?>...) and the possessive quantifiers keep the engine from retrying other splits of the same
# words, which made matching exponential ("posted at at at ... x": "at" was a zone and an "at").
# Zones: "et", "pt", "gmt", "est", "edt", "aest" ... ([a-z]{1,2}t or [a-z]{2}[sd]t).
_STAMP_TOKENS = (rf"(?>\s*+(?:{_DAY}|{_MONTH}|\d{{1,4}}(?::\d\d)?|[ap]\.?m\.?|[a-z]{{1,2}}t|[a-z]{{2}}[sd]t|utc|on)"
                 r"(?!\w)[.,]?)++")
# one or more stamps in a row, each taken whole
_STAMP_CHAIN = re.compile(rf"(?i)(?:\s+(?:posted|updated|published|last updated)\s*+:?{_STAMP_TOKENS})++")
_TRAILING_STAMP = re.compile(_STAMP_CHAIN.pattern + r"\s*$")  # use trailing_stamp(): it is linear
# Every match of _TRAILING_STAMP holds "updated", "posted" or "published" in any case, and in
# ignore-case mode the only non-ASCII letters that match any of their letters are "ſ" (for s) and
# "ı"/"İ" (for i): so the lower-cased line then holds one of these pieces.
_STAMP_NEEDS = ("updated", "posted", "poſted", "shed", "ſhed")
_HIGHLIGHTS = re.compile(r"(?i)^story highlights:?\s+")
_TWO_SENTENCES = re.compile(r"[a-z0-9]\. [A-Z]")
_SHARE_PREFIX = re.compile(r"(?i)^(?:read or )?share (?:this )?(?:article|story|page|post)?\s*:\s*")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.]+\.?(?:\s[A-Z][\w.]+)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)\s*"
    r"(?:\((?P<agency>[A-Za-z][\w.&' -]{0,30})\)\s*)?(?P<dash>—|--|–|-)\s+(?=\S)")
_RUNTOGETHER_AFTER = r"[\"”’]?(?=[\"“]?[A-Z])"
_RUNTOGETHER = re.compile(r"[.!?]" + _RUNTOGETHER_AFTER)  # candidates; checked in _fix_runtogether
# The same, one pattern per punctuation mark: the regex engine scans for a literal first
# character several times faster than for a class. Matches cannot overlap (a match is the mark
# and at most a quote), so together they find exactly the matches of _RUNTOGETHER.
_RUNTOGETHER_AT = tuple((c, re.compile(re.escape(c) + _RUNTOGETHER_AFTER)) for c in ".!?")
_WS = re.compile(r"[\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# the characters of the two classes above: a few `in` tests are much faster than the two
# substitutions when (as usual) none occurs
_ODD_SPACES = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(map(chr, range(0x2000, 0x200b))) + "\u202f\u205f\u3000"
_WORD_RUN = re.compile(r"\w+")
_NORM = re.compile(r"\W+")
_WIRE_CODE = re.compile(r"&[A-Z]{2};")  # newswire typesetting codes; HTML entities are lower case

_PRONOUN_START = re.compile(r"(?i)^(?:he|she|they|it|his|her|their|its|we|i|you|this|that|these|those)\b")
_CONTRIB_WORDS = frozenset("and writer writers staff correspondent correspondents reporter reporters contributed "
                           "contributing of the news service to this report story article reporting also wire".split())


def _words(s: str) -> int:
    return s.count(" ") + 1


def _key(s: str) -> str:
    """A line's text for comparing it with the headline: words only, lower case."""
    return _NORM.sub(" ", s).lower().strip()


def _may_equal_key(line: str, key: str) -> bool:
    """False only if ``_key(line) != key``, tested without the slow substitution.

    ``_key`` lower-cases each run of word characters on its own, between spaces or the ends, so
    the first word of ``_key(line)`` is exactly ``line``'s first run of word characters,
    lower-cased alone (also for the Greek final sigma, whose lower case depends on what follows).
    """
    m = _WORD_RUN.search(line)
    return (m.group().lower() if m else "") == key.partition(" ")[0]


def _doc_triggers(text: str) -> tuple[str, ...]:
    """The TRIGGERS that occur in ``text.lower()``.

    For text with non-ASCII characters ``str.lower`` is slow; the UTF-8 bytes lower-cased
    (ASCII letters only) give the same answer: the triggers are ASCII, UTF-8 encodes every
    other character as bytes >= 0x80, and no other character lower-cases to ASCII except
    "İ" (to "i" + U+0307) and the Kelvin sign (to "k"), for which the plain way is used.
    """
    if text.isascii() or "\u0130" in text or "\u212a" in text:
        lower = text.lower()
        return tuple(t for t in TRIGGERS if t in lower)
    data = text.encode("utf-8", "surrogatepass").lower()  # a lone surrogate (JSON "\\ud800") is bytes >= 0x80
    return tuple(t for t, b in _TRIGGER_BYTES if b in data)


def fold(text: str) -> str:
    """``text.lower()`` with "ſ", "ı" and the dot of "İ" ("i" + U+0307) made ASCII: a guard that
    looks for an ASCII word must find it wherever an ignore-case pattern (which equates these
    with "s" and "i") can match it. The Kelvin sign already lower-cases to "k"."""
    lower = text.lower()
    if lower.isascii():
        return lower
    return lower.replace("\u017f", "s").replace("\u0131", "i").replace("\u0307", "")


def trailing_stamp(line: str) -> re.Match[str] | None:
    """The match of _TRAILING_STAMP in ``line``, in linear time.

    ``_TRAILING_STAMP.search`` tries every start again and reads to the end of the line from
    each (quadratic on "posted 1 posted 1 ... x"). A chain of stamps that stops short of the
    end fails from each of its stamps alike, so the search goes on after the chain.
    """
    chain = None
    for chain in _STAMP_CHAIN.finditer(line):
        pass
    return _TRAILING_STAMP.match(line, chain.start()) if chain and not line[chain.end():].strip() else None


def _date_only(rest: str) -> bool:
    """True if ``rest`` is made only of date/time tokens (a stamp), optionally "by <Name>"."""
    rest = re.sub(r"\s+by\s+" + _NAME + r"\s*$", "", rest.strip().lstrip(":"))
    tokens = rest.replace(",", " , ").split()
    return len(tokens) <= 16 and all(_DATE_TOKEN.match(t) for t in tokens)


def classify_line(line: str, triggers: tuple[str, ...] = TRIGGERS) -> str | None:
    """Return a short reason if this whole line is web boilerplate, else None.

    Cheap tests first (first word, last character, trigger substrings) so that ordinary prose
    lines cost a few look-ups and no regular-expression search. ``triggers`` may be narrowed to
    the trigger substrings that occur in the document at all.
    """
    n = line.count(" ") + 1
    if line.startswith("CLOSE ") and n <= 80:
        return "video caption"
    space = line.find(" ")
    first = (line[:space] if space >= 0 else line).lower()
    if not (first.isascii() and first.isalpha()):  # "Photo:Reuters" -> "photo", "İn" -> "in"
        word = _FIRST_WORD.match(fold(first))
        first = word.group() if word else ""
    if not line[0].isalpha() or first in _START_WORDS:
        reason = _start_reason(line, n)
        if reason:
            return reason
    if n > 80:
        return None
    last = line[-1]
    if last == "e" and n <= 30 and line.endswith(" Read more"):
        return "related links"  # a linked headline: "George HW Bush obituary Read more"
    if n <= 60 and last.isalnum() and " for " in line:
        credit = _FOR_OUTLET.search(line)
        if credit:  # alone, or after a caption: "... in 2014. Alistair Barr for The Wall Street Journal"
            return "photo credit" if credit.start() == 0 else "photo caption"
    if last in ")]":
        i = max(line.rfind("("), line.rfind("["))
        m = _TAIL_BRACKET.match(line, i) if i >= 0 else None
        if m:
            if i == 0 or m.lastgroup == "photo_caption" or n <= 40:
                return "photo credit" if i == 0 and m.lastgroup == "photo_caption" else \
                    m.lastgroup.replace("_", " ")
        if i == 0 and n <= 30 and line.count("(") + line.count("[") == 1:
            return "bracketed note"
    if "/" in line[-60:] and _TAIL_CREDIT.search(line[-60:]):
        return "photo caption"
    if last.isdigit() and "|" in line and _TAIL_VIDEO.search(line):
        return "video caption"
    if n > 20 and not triggers:
        lower = ""  # the two tests that read it below cannot apply
    else:
        lower = line.lower()
    if triggers and n <= 60 and any(t in lower for t in triggers) \
            and any(x in lower for x in _ANYWHERE_NEEDS):
        a = _ANYWHERE.search(lower)
        if a:
            kind = a.lastgroup
            if kind in ("social_embed", "video_caption", "photo_caption"):
                return kind.replace("_", " ").replace("social embed", "social media embed")
            if kind == "copyright" and n <= 30:
                return "copyright line"
            if kind in ("promo", "error_page") and n <= 40:
                return "newsletter promo" if kind == "promo" else "error page text"
    if n <= 20 and "contribut" in fold(lower) and _CONTRIBUTED.search(line) and _is_contributor(line):
        return "contributor line"
    if n <= 30 and "@" in line and _EMAIL.search(line):
        return "contact line"
    if n <= 16 and _DIGIT.search(line) and _date_only(line):
        return "date stamp"
    if n <= 20 and not any(c.islower() for c in line) and _HEADING_CAPS.match(line) \
            and sum(c.isalpha() for c in line) >= 4:
        return "heading"
    if n <= 3 and _URL_LINE.match(line):
        return "link"
    return None


def _start_reason(line: str, n: int) -> str | None:
    m = _START.match(line)
    if not m:
        return None
    kind = m.lastgroup
    if n > 60:  # an article's text run on after the marker (one-line documents): keep it
        return None
    if kind in ("separator", "advertisement", "copyright", "share"):
        return {"separator": "separator", "advertisement": "advertisement",
                "copyright": "copyright line", "share": "share buttons"}[kind]
    if kind == "photo_credit" and n <= 25:
        return "photo credit"
    if kind == "video_label" and n <= 25:
        return "video link"
    if kind == "caption_file":
        return "photo caption"
    if kind in ("byline", "dash_byline") and n <= 12:
        return "byline"
    if kind == "contributor":
        return "contributor line"
    if kind == "related" and (n <= 5 or n <= 25 and not _TERMINAL.search(line)):
        return "related links"
    if kind == "promo_verb" and n <= 40 and _PROMO_NOUN.search(line):
        return "newsletter promo" if _NEWSLETTER.search(line) else "social media promo"
    if kind == "contact" and n <= 40 and ("@" in line or _PHONE.search(line)):
        return "contact line"
    if kind == "reader_q" and n <= 25:
        return "reader question"
    if kind == "watch_below" and n <= 30 and _WATCH_END.search(line):
        return "watch-the-video line"
    if kind == "stamp" and _date_only(line[m.end():]):
        return "updated stamp"
    return None


_PROMO_NOUN = re.compile(r"(?i)\b(?:newsletters?|inbox|alerts?|emails?|app|podcast|updates|twitter|facebook|"
                         r"instagram|youtube|us\b|on (?:twitter|facebook|instagram))|@\w+")
_NEWSLETTER = re.compile(r"(?i)newsletter|inbox|alert|e-?mail|subscrib")
_PHONE = re.compile(r"(?i)\bcall\b|\d{3}-\d{4}")
_WATCH_END = re.compile(r"(?i)\b(?:below|above|here|video|clip|footage|gallery|photos)\W*$")


def _is_contributor(line: str) -> bool:
    """'Reuters and Jacob Rascon contributed.' yes; 'His brother also contributed.' no."""
    body = line.lstrip("-—–( ").rstrip(".) ")
    if re.search(r"(?i)to (?:this|the) (?:report|story|article)$|contributed reporting$", body):
        return not _PRONOUN_START.match(body)
    if _PRONOUN_START.match(body):
        return False
    lower = [w for w in re.findall(r"[\w'’]+", body) if w[0].islower()]
    return all(w in _CONTRIB_WORDS for w in lower)



def _is_headline(line: str, rest_words: int) -> bool:
    """A first line that is short, has no final period, looks like a title and has body after it."""
    n = _words(line)
    if not 3 <= n <= 25 or rest_words < 30 or _TWO_SENTENCES.search(line):
        return False
    if re.search(r"""[.:;,]["'’”]?$""", line) and not line.endswith("..."):
        return False
    words = [w for w in re.findall(r"[\w'’]+", line) if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in words)
    title_case = bool(words) and capitalised >= 0.5 * len(words)
    return title_case or not _TERMINAL.search(line)


def _outlet_cue(line: str) -> str | None:
    m = re.match(r"(?i)^(?:click for )?more from\s+(.{2,40}?)\s*:?$", line)
    if m and _words(m.group(1)) <= 4 and m.group(1)[0].isupper():
        return m.group(1)
    m = re.match(r"(?i)^copyright \d{4}(?: by)?\s+(.{2,40}?)\s*[-–—,.]?\s*all rights reserved", line)
    if m:
        return m.group(1).strip(" -–—,.")
    return None

