"""Words the pipeline itself prints (not the templates' wording), per locale."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh_CN": {
        "draft": "草稿",
        "number_placeholder": "（草稿，签发时编号）",
        "page": "第 {page} 页，共 {pages} 页",
    },
    "en_US": {
        "draft": "DRAFT",
        "number_placeholder": "(draft: numbered on issue)",
        "page": "Page {page} of {pages}",
    },
    "zh_TW": {
        "draft": "草稿",
        "number_placeholder": "（草稿，簽發時編號）",
        "page": "第 {page} 頁，共 {pages} 頁",
    },
}
