"""Cleaning: boilerplate kinds from the example story and from raw Multi-News scrapes."""
from __future__ import annotations


import pytest

from conftest import EXAMPLE, SHARED_MDS
from newsbrief.cleaning import clean, clean_html, clean_text, remove_cross_article_repeats
from newsbrief.cleaning.lines import classify_line
from newsbrief.cleaning.outlets import outlet_from_url
from newsbrief.inputs.sources import RawDocument
from newsbrief.model import Article


BODY = ("The city council voted on Tuesday to approve the new budget after a long debate. "
        "Officials said the plan would add money for schools and roads over the next two years. ")


def reasons(article: Article) -> dict[str, str]:
    return {d.text: d.reason for d in article.dropped}


# ------------------------------------------------------------------ the example story


def test_inquisitr_example():
    a = clean_text((EXAMPLE / "inquisitr.txt").read_text(encoding="utf-8"), source="inquisitr.txt")
    assert a.title == ("Does Sean Penn Regret Meeting El Chapo? Actor Speaks For The First Time "
                       "Since Interview [Video]")
    assert a.outlet == "Inquisitr"  # from the "More from Inquisitr" footer
    r = reasons(a)
    assert r["Watch Sean Penn break his silence about the El Chapo interview below."] == "watch-the-video line"
    assert r["Do you agree with Sean Penn’s comments?"] == "reader question"
    assert r["[Photo by Thomas Niedermueller/Getty Images]"] == "photo credit"
    assert r["More from Inquisitr"] == "related links"
    share = [t for t in r if t.startswith("Share this article:")]
    assert share and r[share[0]] == "share line (headline repeated)"
    for bad in ("Watch Sean Penn", "Do you agree", "[Photo by", "Share this article", "More from Inquisitr"):
        assert bad not in a.text
    assert not a.text.startswith("Does Sean Penn Regret")  # the headline is not body text
    assert "In the end, he said his article failed." in a.text
    assert a.text.startswith("Does Sean Penn have any regrets about his meeting with El Chapo?")
    assert len(a.text.split("\n\n")) == 11  # every real paragraph kept


def test_nbcnews_example():
    a = clean_text((EXAMPLE / "nbcnews.txt").read_text(encoding="utf-8"), source="nbcnews.txt",
                   url="https://www.nbcnews.com/storyline/el-chapo-capture/x")
    assert a.outlet == "NBC News"
    assert a.author == "Jon Schuppe"
    r = reasons(a)
    assert r["Breaking News Emails"] == "newsletter promo"
    assert r["Get breaking news alerts and special reports. The news and stories that matter, "
             "delivered weekday mornings."] == "newsletter promo"
    assert r["/ Updated"] == "updated stamp"
    assert r["By Jon Schuppe"] == "byline"
    assert r["Reuters and Jacob Rascon contributed."] == "contributor line"
    assert a.text.startswith("While Mexican and American authorities began discussing")
    # real sentences kept, including ones that contain "agree", "Updated"-free quotes, Reuters
    assert '"Whether you agree with Sean Penn or not, there is a complicity there."' in a.text
    assert "The two sides met in Miami on Tuesday, according to Reuters." in a.text
    assert '"My article failed," Penn said.' in a.text
    assert len(a.text.split("\n\n")) == 12


# ------------------------------------------------------------------ synthetic snippets per kind


@pytest.mark.parametrize("line, reason", [
    ("Get breaking news alerts and special reports delivered to your inbox.", "newsletter promo"),
    ("Sign up for BREAKING NEWS Emails privacy policy Thanks for subscribing!", "newsletter promo"),
    ("Sign up for our daily newsletter", "newsletter promo"),
    ("Follow USA TODAY Sports columnist Nancy Armour on Twitter @nrarmour.", "social media promo"),
    ("Read or Share this story: https://usat.ly/2pdjEZU", "share buttons"),
    ("Facebook Twitter Pinterest", "share buttons"),
    ("[Photo by Thomas Niedermueller/Getty Images]", "photo credit"),
    ("(Image: Getty)", "photo credit"),
    ("Image credit: Seamus Murphy/VII Network", "photo credit"),
    ("Image copyright Reuters Image caption Officials said there was hope", "photo credit"),
    ("Enlarge this image toggle caption Saul Loeb/AFP/Getty Images Saul Loeb/AFP/Getty Images", "photo caption"),
    ("Trump waves to supporters in Franklin, Tenn. (AP Photo/Mark Zaleski)", "photo caption"),
    ("Ellen Pao leaves the courthouse in San Francisco, March 25, 2015. REUTERS/Stephen Lam", "photo caption"),
    ("FILE - In this May 13, 2008 file photo, Harry Smith speaks in New York.", "photo caption"),
    ("/ Updated", "updated stamp"),
    ("Updated: Monday, August 18, 2014 11:03 PM EDT", "updated stamp"),
    ("Posted at 11:43 AM on Nov. 24, 2010", "updated stamp"),
    ("Published on Aug 11, 2016", "updated stamp"),
    ("Tuesday, October 16, 2018", "date stamp"),
    ("By Jon Schuppe", "byline"),
    ("By Laura Woods/GoBankingRates", "byline"),
    ("-- Yvonne Villarreal", "byline"),
    ("Watch the video below.", "watch-the-video line"),
    ("Watch Sean Penn break his silence about the El Chapo interview below.", "watch-the-video line"),
    ("Do you agree with Sean Penn's comments?", "reader question"),
    ("What do you think of the new rules?", "reader question"),
    ("More from Inquisitr", "related links"),
    ("Click for more from WSVN.com", "related links"),
    ("Related: Video Shows Cop Slam, Drag High School Girl", "related links"),
    ("Read More", "related links"),
    ("ADVERTISEMENT ADVERTISEMENT", "advertisement"),
    ("Advertisement Continue reading the main story", "advertisement"),
    ("Story Continued Below", "advertisement"),
    ("Reuters and Jacob Rascon contributed.", "contributor line"),
    ("Associated Press writer Phuong Le contributed to this report.", "contributor line"),
    ("(Additional reporting by Lucy Nicholson; Editing by Greg McCune)", "contributor line"),
    ("___", "separator"),
    ("———", "separator"),
    ("The latest on investigation at 11pm @ABC7 pic.twitter.com/zfnu02RjyU — Leanne Suter "
     "(@abc7leanne) August 12, 2018", "social media embed"),
    ("A post shared by ARIEL WINTER (@arielwinter) on May 4, 2017 at 5:57pm PDT", "social media embed"),
    ("Detectives removed a body. Kim Tobin reports for the NBC4 News at 5 on Saturday, Aug. 11, 2018. "
     "(Published Saturday, Aug. 11, 2018)", "video caption"),
    ("JUST WATCHED Lion escapes again Replay More Videos ... MUST WATCH Lion escapes again 01:33", "video caption"),
    ("Media playback is unsupported on your device Media caption Richard Westcott reports", "video caption"),
    ("CLOSE Ariel Winter is tired of being told what to wear. USA TODAY", "video caption"),
    ("Copyright 2017 by KSAT - All rights reserved.", "copyright line"),
    ("Write to Gerald F. Seib at jerry.seib@wsj.com", "contact line"),
    ("To reach Tony Rizzo, call 816-234-4435 or send email to trizzo@kcstar.com.", "contact line"),
    ("http://www.cbs.com", "link"),
    ("Sorry, the page you requested was not found.", "error page text"),
    ("George HW Bush, former US president, dies aged 94 Read more", "related links"),
    ("More: Kevin Spacey scandal: A complete list of the 13 accusers", "related links"),
    ("Alistair Barr for The Wall Street Journal", "photo credit"),
    ("Google CEO Sundar Pichai describes one of the new phones in 2014. Alistair Barr for The Wall "
     "Street Journal", "photo caption"),
])
def test_boilerplate_lines(line, reason):
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    # real sentences that merely contain a trigger word must stay
    "Shares of the company fell 4 percent on Monday after the report.",
    "Share prices rose sharply in early trading, analysts said.",
    "He said he would share the prize money with his team.",
    "The newspaper said 3,000 people subscribe to its newsletter.",
    "Officials updated the death toll on Tuesday, saying 12 people had died.",
    "Published reports said the company had lost $2 billion.",
    "Posted guards stood at every door of the building.",
    "By Tuesday, the fire had burned more than 10,000 acres.",
    "By the time police arrived, the suspect had fled.",
    "Watch commanders were told to expect delays.",
    '"Do you know what you are doing?" the judge asked the defendant.',
    "His brother also contributed.",
    "He contributed $5,000 to the campaign last year.",
    "The new privacy policy for Samsung's smart TVs allows the company to listen to users.",
    "“I was really checking her out,” Chaney wrote in the comments section after friends had marveled.",
    "More from the interview will air on Sunday night, the network said.",
    "Photographs of the scene were shared widely online, police said on Monday.",
    "Penn, in an interview with CBS, bemoaned that talk of his clandestine meeting (in October) continues.",
    "The U.S. Attorney's Office in the Southern District of Florida is among seven jurisdictions.",
    "Follow-up tests showed no sign of the virus, the hospital said.",
    "Click, the startup, was founded in 2012 by two engineers in Austin.",
    "He was photographed leaving the court (left) with his lawyer on Friday.",
    "More: that was the word from the mayor, who wanted more of everything.",
    "Experts urged parents to let their children Read more.",
    "The senator said he would run. Smith ran for Congress in 2010 and won for The Republicans.",
])
def test_real_sentences_kept(line):
    assert classify_line(line) is None
    assert clean_text(BODY + "\n\n" + line + "\n\n" + BODY).text.count(line) == 1


def test_headline_becomes_title_and_not_body():
    a = clean_text("Officer Replaces Stolen Engagement Ring At Hospital\n\n" + BODY + "\n\n" + BODY)
    assert a.title == "Officer Replaces Stolen Engagement Ring At Hospital"
    assert not a.text.startswith("Officer")
    assert a.dropped[0].reason == "headline (used as title)"


def test_sentence_case_headline_with_stamps():
    raw = ("Officer replaces elderly woman's engagement ring after theft at hospital Posted: Monday, "
           "June 23, 2014 11:03 PM EDT Updated: Monday, August 18, 2014 11:03 PM EDT\n\n"
           "PLANTATION, Fla. (WSVN) -- A police officer made a generous gesture and helped a patient.\n\n" + BODY)
    a = clean_text(raw)
    assert a.title == "Officer replaces elderly woman's engagement ring after theft at hospital"
    assert a.text.startswith("A police officer made a generous gesture")
    assert a.outlet == "WSVN"  # cue from the dateline
    assert {d.reason for d in a.dropped} >= {"updated stamp", "dateline", "headline (used as title)"}


def test_first_sentence_is_not_a_title():
    a = clean_text(BODY + "\n\n" + BODY)
    assert a.title is None and a.text.startswith("The city council voted")


def test_given_title_wins_and_repeat_is_dropped():
    a = clean_text("Council Approves Budget\n\n" + BODY + "\n\nShare this article: Council Approves Budget",
                   title="Council Approves Budget")
    assert a.title == "Council Approves Budget"
    assert "Council Approves Budget" not in a.text
    assert any(d.reason == "share line (headline repeated)" for d in a.dropped)


@pytest.mark.parametrize("text, outlet", [
    ("SEATTLE (AP) — " + BODY, "Associated Press"),
    ("LIMA, Dec 1 (Reuters) - " + BODY, "Reuters"),
    ("PLANTATION, Fla. (WSVN) -- " + BODY, "WSVN"),
    (BODY + "\n\nClick for more from WSVN.com", "WSVN.com"),
    (BODY + "\n\nMore from GoBankingRates:", "GoBankingRates"),
])
def test_outlet_cues(text, outlet):
    a = clean_text(text)
    assert a.outlet == outlet
    assert a.text.startswith("The city council voted")


def test_outlet_priority_and_url_table():
    assert outlet_from_url("https://www.nbcnews.com/news/x") == "NBC News"
    assert outlet_from_url("http://money.cnn.com/2016/x") == "CNN"
    assert outlet_from_url("https://www.example-local.com/a") == "example-local.com"
    assert outlet_from_url(None) is None
    a = clean_text("SEATTLE (AP) — " + BODY, url="https://www.nbcnews.com/x")
    assert a.outlet == "NBC News"  # the URL host beats a text cue
    assert clean_text("SEATTLE (AP) — " + BODY, outlet="KING 5").outlet == "KING 5"


def test_runtogether_repair():
    text = ("A body was found on Saturday.Los Angeles County detectives responded. "
            'He added.LASD Lt. John Corina said the U.S. Army and WSVN.com were told. '
            'It cost 3.5 million, see https://example.com/A.B and said."He may have fled."')
    a = clean_text(text)
    assert "Saturday. Los Angeles" in a.text
    assert "added. LASD" in a.text
    assert 'said." He may' in a.text
    for kept in ("U.S. Army", "WSVN.com", "3.5 million", "https://example.com/A.B"):
        assert kept in a.text


def test_paragraphs_and_explain_data():
    raw = "By Jane Doe\n" + BODY + "\n" + BODY + "\n\n\n___\n\nJane Roe contributed to this report."
    a = clean_text(raw)
    assert a.text == BODY.strip() + "\n\n" + BODY.strip()
    assert [d.to_dict() for d in a.dropped] == [
        {"text": "By Jane Doe", "reason": "byline"},
        {"text": "___", "reason": "separator"},
        {"text": "Jane Roe contributed to this report.", "reason": "contributor line"},
    ]
    assert a.author == "Jane Doe"


def test_related_list_after_header():
    raw = BODY + "\n\nRelated stories on AOL:\n\nExplorer says Griffin shipwreck may be found\n\n" \
                 "Sons cost parents more money in the long run"
    a = clean_text(raw)
    assert a.text == BODY.strip()
    assert [d.reason for d in a.dropped] == ["related links"] * 3


def test_hard_wrapped_text_is_unwrapped():
    words = ("the committee heard testimony from several witnesses who described the events of that "
             "night in detail and the chairman said a report would follow within weeks of the hearing").split()
    lines, cur = [], []
    for w in words * 3:
        cur.append(w)
        if len(" ".join(cur)) > 60:
            lines.append(" ".join(cur))
            cur = []
    lines.append(" ".join(cur) + ".")
    a = clean_text("\n".join(lines))
    assert "\n" not in a.text and a.text.endswith("hearing.")


def test_empty_and_whitespace():
    assert clean_text("").text == ""
    assert clean_text("  \n\n \t ").text == ""


def test_all_boilerplate_leaves_nothing():
    a = clean_text("Breaking News Emails\n\nBy Jon Schuppe\n\n/ Updated\n\nMore from Inquisitr")
    assert a.text == "" and len(a.dropped) == 4


# ------------------------------------------------------------------ HTML


HTML = """<!doctype html><html><head><title>Council approves budget | The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Lois Lane"><meta property="article:published_time" content="2020-03-04">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council approves budget</h1>
<p>The city council voted on Tuesday to approve the new budget after a long and heated debate that ran late.</p>
<p>Officials said the plan would add money for schools and roads over the next two years, and cut fees.</p>
<p>[Photo by Jimmy Olsen/Daily Planet]</p>
<p>The mayor is expected to sign the budget into law next week, a spokesman for the mayor said on Tuesday.</p>
</article><footer>Copyright 2020 The Daily Planet. All rights reserved.</footer></body></html>"""


def test_clean_html_text_and_metadata():
    a = clean_html(HTML, url="https://www.dailyplanet.example/news/budget", source="page.html")
    assert a.title and "Council approves budget" in a.title
    assert a.outlet == "The Daily Planet"
    assert a.author == "Lois Lane"
    assert a.date == "2020-03-04"
    assert a.text.startswith("The city council voted")
    assert "The mayor is expected to sign the budget" in a.text
    assert "Photo by" not in a.text and "Home" not in a.text
    assert a.url == "https://www.dailyplanet.example/news/budget" and a.source == "page.html"


def test_clean_raw_document_meta_wins():
    raw = RawDocument(source="x.json:1", data="Breaking News Emails\n\n" + BODY, kind="text",
                      meta={"title": "Budget", "outlet": "Planet", "url": "https://cnn.com/a"})
    a = clean(raw)
    assert (a.title, a.outlet, a.url, a.source) == ("Budget", "Planet", "https://cnn.com/a", "x.json:1")
    a = clean(RawDocument(source="p.html", data=HTML, kind="html", meta={"outlet": "Given Outlet"}))
    assert a.outlet == "Given Outlet" and a.text.startswith("The city council voted")


def test_broken_html_does_not_crash():
    assert clean_html("<html><body><p>unclosed <b>tags").text in ("", "unclosed tags")
    assert clean_html("").text == ""


# ------------------------------------------------------------------ across articles


def test_cross_article_repeats_removed_from_all():
    footer = "Copyright notice for readers of this website only"
    a = Article(text=BODY.strip() + "\n\nA fire broke out downtown late on Sunday night.\n\n" + footer)
    b = Article(text="Firefighters battled the blaze for hours, officials said on Monday.\n\n" + footer)
    out = remove_cross_article_repeats([a, b])
    assert all(footer not in x.text for x in out)
    assert out[1].dropped == [type(out[1].dropped[0])(footer, "repeated across articles")]
    assert "Firefighters battled" in out[1].text


def test_syndicated_copies_keep_shared_sentences():
    paras = [f"Sentence number {i} of the wire story reports a new fact about the storm." for i in range(6)]
    a = Article(text="\n\n".join(paras))
    b = Article(text="\n\n".join(paras[:5] + ["A local detail added by the second site, officials said."]))
    out = remove_cross_article_repeats([a, b])
    assert out[0].text == a.text and out[1].text == b.text


def test_shared_real_sentence_in_the_middle_is_kept():
    quote = '"It smelled like death," one witness said.'
    a = Article(text="\n\n".join(["A first.", "A second.", "A third.", quote, "A fifth.", "A sixth.", "A 7th."]))
    b = Article(text="\n\n".join(["B first.", "B second.", "B third.", quote, "B fifth.", "B sixth.", "B 7th."]))
    out = remove_cross_article_repeats([a, b])
    assert quote in out[0].text and quote in out[1].text


# ------------------------------------------------------------------ raw dev set


DEV = SHARED_MDS / "multi_news_raw_dev100.jsonl.gz"


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/data not present")
def test_raw_dev_set_cleans_without_losing_bulk():
    import gzip
    import json

    with gzip.open(DEV, "rt", encoding="utf-8") as f:
        docs = [d for line in f for d in json.loads(line)["documents"] if d.strip()]
    total_in = total_out = 0
    for d in docs:
        a = clean_text(d)
        total_in += len(d.split())
        total_out += len(a.text.split()) + len((a.title or "").split())
        assert "pic.twitter.com" not in a.text
        assert "Replay More Videos" not in a.text
    assert total_out > 0.95 * total_in  # boilerplate is a small part of real scrapes


def test_text_without_spaces_is_not_taken_for_headings():
    ja = ["先日、不正に改造したiPhoneを販売したとして、20代の男性が逮捕されたというニュースを耳にしました。",
          "報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。",
          "もちろん、Apple社は「脱獄」を認めていません。"]
    a = clean_text("\n\n".join(ja))
    assert a.text == "\n\n".join(ja)
    zh = "一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣"
    assert clean_text(BODY + "\n\n" + zh + "\n\n" + BODY).text.count(zh) == 1


def test_outlet_from_a_well_known_file_name():
    raw = RawDocument(source="examples/nbcnews.txt", data=BODY, kind="text")
    assert clean(raw).outlet == "NBC News"
    assert clean(RawDocument(source="notes/story1.txt", data=BODY, kind="text")).outlet is None
    assert clean(RawDocument(source="<stdin>", data=BODY, kind="text")).outlet is None


def test_cross_article_repeats_never_empty_an_article():
    text = ("French police officers patrol in the streets in front of flowers for the victims of an "
            "attack in strasbourg, eastern france, thursday ( associated press ) french police")
    arts = remove_cross_article_repeats([clean_text(text), clean_text(text)])
    assert all(a.text.strip() for a in arts)


def test_wire_typesetting_codes_are_removed():
    from newsbrief.cleaning import clean_text

    text = clean_text("The council met on Monday to vote. &QL;\n\nAT&T &amp; partners agreed. &UR;").text
    assert "&QL;" not in text and "&UR;" not in text
    assert "AT&T &amp; partners agreed." in text


@pytest.mark.parametrize("marker", [
    "File - this dec. 21, 2016 file photo shows the city hall in washington.",
    "This image released by the theatre shows a performance in new york.",
    "Facebook twitter google plus embed 2: 14",
    "Advertisement",
])
def test_one_line_document_opening_with_a_marker_is_kept(marker):
    # Multi-News style: the whole article on one line, a caption or share buttons run into it
    body = " ".join([BODY.strip()] * 4)
    article = clean_text(f"{marker} {body}")
    assert "approve the new budget" in article.text
    assert len(article.text.split()) >= len(body.split())


def test_short_marker_lines_are_still_dropped():
    text = "File - this dec. 21, 2016 file photo shows the city hall in washington.\n\n" + BODY
    article = clean_text(text)
    assert "file photo" not in article.text and "approve the new budget" in article.text


CAPTIONS = ["A relative of one of the passengers burns incense in Beijing on March 8, 2016, two years "
            "after the plane went missing.", "Police carry a piece of debris on the island on July 29.",
            "Investigators examine the wing part in a hangar in Toulouse, France.",
            "A search ship leaves port in Perth, Australia, to resume the hunt in the Indian Ocean."]
# CNN's gallery markup run into one line, as scraped: title twice, then each caption and its counter
GALLERY = "Photos: The search for MH370 Photos: The search for MH370 " + " ".join(
    f"{c} Hide Caption {k} of 4 Photos: The search for MH370" for k, c in enumerate(CAPTIONS, 1))


def test_photo_gallery_line_goes_when_the_article_has_other_text():
    assert len(GALLERY.split()) > 80  # too long for the short-line caption rules
    article = clean_text(BODY + "\n\n" + GALLERY + "\n\n" + BODY + "\n\n" + BODY)
    assert reasons(article)[GALLERY] == "photo gallery"
    assert "Hide Caption" not in article.text and "approve the new budget" in article.text


def test_a_gallery_that_is_all_the_text_stays():
    # a gallery page flattened into one line (Multi-News): its captions are all the story there is
    assert clean_text(GALLERY).text == GALLERY


def test_one_gallery_counter_in_a_long_line_is_prose():
    line = " ".join([BODY.strip()] * 3) + " The museum showed image 1 of 3 from the set on Monday."
    assert "image 1 of 3" in clean_text(BODY + "\n\n" + line + "\n\n" + BODY).text


def test_a_gallery_counted_in_photos_goes_too():
    # every counter word of _GALLERY_COUNTER, not only "Caption"/"Image", marks a gallery line
    line = " ".join(f"{c} Photo {k} of 4" for k, c in enumerate(CAPTIONS, 1))
    article = clean_text(BODY + "\n\n" + line + "\n\n" + BODY + "\n\n" + BODY)
    assert reasons(article)[line] == "photo gallery"


def test_no_nul_survives_cleaning_in_text_or_metadata():
    """PostgreSQL text cannot hold NUL: cleaning drops it for every caller (web, watch, library)."""
    body = "The council voted\x00 on Monday to repair the bridge before winter, officials said.\n" * 3
    assert "\x00" not in clean_text(body).text
    raw = RawDocument(source="page.html", kind="html", meta={"title": "Bridge\x00 vote", "outlet": "AP\x00"},
                      data=f"<html><head><title>x</title></head><body><article><p>{body}</p></article></body></html>")
    article = clean(raw)
    assert "\x00" not in article.text + (article.title or "") + (article.outlet or "")
    assert article.title == "Bridge vote"
