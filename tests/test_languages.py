"""Chinese, Japanese, Thai ... input (issue 22, item 5): newsbrief finds words at spaces and
sentences at ". ! ?", so such an article came back whole as its own "brief" whatever the budget.
Now it is left out with a message naming the input and the language; the rest is summarized."""
from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import EXAMPLE
from newsbrief.model import NewsbriefError
from newsbrief.pipeline import load_articles, summarize
from newsbrief.text.tokens import unspaced_language

# two short Chinese reports of one story (written for this test)
CHINESE = [
    "国家统计局4日发布数据显示，11月份全国居民消费价格同比上涨0.5%，环比下降0.2%。其中，城市上涨"
    "0.6%，农村上涨0.3%。食品价格下降1.2%，非食品价格上涨0.9%。国家统计局城市司首席统计师表示，11月份"
    "受季节性因素影响，鲜菜价格有所下降。分析人士认为，居民消费需求有望进一步释放。",
    "据国家统计局12月4日公布的数据，11月份全国居民消费价格指数同比上涨0.5%。从环比看，居民消费价格"
    "下降0.2%。食品价格方面，猪肉价格下降3.1%，鲜菜价格下降2.5%。专家指出，物价总体保持平稳运行。",
]


@pytest.mark.parametrize("text, language", [
    (CHINESE[0], "Chinese"),
    ("東京で大きな地震がありました。けが人はいないと気象庁が発表しました。", "Japanese"),
    ("กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย", "Thai"),
    ("President Xi Jinping (习近平) met the delegation in Beijing on Tuesday, officials said.", None),
    ("서울에서 정상 회의가 열렸다. 양국 정상은 협력을 약속했다.", None),  # Korean has spaces
    ("Le président a rencontré les délégués à Paris mardi.", None),
])
def test_unspaced_language(text, language):
    assert unspaced_language(text) == language


def test_chinese_articles_alone_are_an_error_naming_the_language():
    with pytest.raises(NewsbriefError, match="Chinese") as err:
        summarize(CHINESE, words=40)
    assert "input 1, input 2" in str(err.value) and "spaces" in str(err.value)


def test_a_chinese_article_among_english_ones_is_left_out_with_a_note(tmp_path):
    english = load_articles([str(p) for p in sorted(EXAMPLE.glob("*.txt"))])
    (tmp_path / "zh.txt").write_text(CHINESE[0], encoding="utf-8")
    chinese = load_articles([str(tmp_path / "zh.txt")])
    brief = summarize(english + chinese, words=60)
    assert len(brief.documents) == len(english)
    assert brief.n_words <= 60 and brief.sentences
    assert any("written in Chinese" in n and "zh.txt" in n for n in brief.notes)


class _ChinesePage(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = ("<html><head><meta charset='gbk'><title>统计局：11月CPI同比上涨0.5%</title></head><body>"
                + "".join(f"<p>{s}。</p>" for s in CHINESE[0].split("。") if s)
                + "</body></html>").encode("gbk")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def chinese_page_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChinesePage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/zh"
    server.shutdown()
    server.server_close()


def test_cli_names_a_chinese_page_given_by_url(chinese_page_url):
    proc = subprocess.run([sys.executable, "-m", "newsbrief", "summarize", chinese_page_url,
                           *map(str, sorted(EXAMPLE.glob("*.txt"))), "--words", "60"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert any("written in Chinese" in line and chinese_page_url in line
               for line in proc.stderr.splitlines())
    assert "El Chapo" in proc.stdout


def test_cli_chinese_only_is_one_line_and_exit_2(tmp_path):
    paths = []
    for i, text in enumerate(CHINESE):
        paths.append(tmp_path / f"zh{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsbrief", "summarize", *map(str, paths),
                           "--words", "40"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Chinese" in lines[0] and "zh0.txt" in lines[0], proc.stderr
    assert proc.stdout == ""
