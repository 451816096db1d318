"""The wording of the register and verify pages in each interface language (zh_CN, zh_TW, en_US).

Kept here, one line per phrase, until the interface's gettext catalogs take it over; the statuses that
scripts read (issued, reserved, void) stay as codes in data attributes and in the CLI.
"""

from __future__ import annotations

_ORDER = ("zh_CN", "zh_TW", "en_US")

_WORDS: dict[str, tuple[str, str, str]] = {
    "documents": ("登记簿", "登記簿", "Register"),
    "verify": ("核验文件", "核驗文件", "Verify a file"),
    "search": ("搜索", "搜尋", "Search"),
    "search_hint": ("编号、公司、客户或人员", "編號、公司、客戶或人員", "Number, company, client or person"),
    "type": ("文件类型", "文件類型", "Type"),
    "any_type": ("全部类型", "全部類型", "All types"),
    "year": ("年份", "年份", "Year"),
    "status": ("状态", "狀態", "Status"),
    "any_status": ("全部状态", "全部狀態", "All statuses"),
    "filter": ("筛选", "篩選", "Filter"),
    "number": ("编号", "編號", "Number"),
    "date": ("日期", "日期", "Date"),
    "company": ("公司", "公司", "Company"),
    "reason": ("原因", "原因", "Reason"),
    "none_found": ("没有符合条件的文件。", "沒有符合條件的文件。", "No document matches."),
    "found": ("共 {count} 份", "共 {count} 份", "{count} documents"),
    "page": ("第 {page} / {pages} 页", "第 {page} / {pages} 頁", "Page {page} of {pages}"),
    "previous": ("上一页", "上一頁", "Previous"),
    "next": ("下一页", "下一頁", "Next"),
    "status_issued": ("已签发", "已簽發", "Issued"),
    "status_reserved": ("已预留，未签发", "已預留，未簽發", "Reserved, not issued"),
    "status_void": ("已作废", "已作廢", "Void"),
    "issue_date": ("文件日期", "文件日期", "Document date"),
    "reserved_at": ("取号时间", "取號時間", "Number taken"),
    "issued_at": ("签发时间", "簽發時間", "Issued"),
    "voided_at": ("作废时间", "作廢時間", "Voided"),
    "by": ("经办人", "經辦人", "by"),
    "uscc": ("统一社会信用代码", "統一社會信用代碼", "USCC"),
    "locale": ("文件语言", "文件語言", "Document language"),
    "files": ("文件", "檔案", "Files"),
    "format": ("格式", "格式", "Format"),
    "file_name": ("文件名", "檔名", "File name"),
    "download": ("下载", "下載", "Download"),
    "cites": ("引用", "引用", "Cites"),
    "cited_by": ("被引用", "被引用", "Cited by"),
    "cites_nothing": ("不引用其他文件。", "不引用其他文件。", "Cites no other document."),
    "cited_by_nothing": ("尚无文件引用它。", "尚無文件引用它。", "No document cites it yet."),
    "cites_unknown": (
        "签发时登记簿尚未保存引用关系，无从得知它引用了什么。",
        "簽發時登記簿尚未保存引用關係，無從得知它引用了什麼。",
        "Issued before the register kept citations: what it cites is not known.",
    ),
    "chain": ("文件链", "文件鏈", "Chain of documents"),
    "this_document": ("本文件", "本文件", "this document"),
    "shown_above": ("见上", "見上", "shown above"),
    "void_title": ("作废此编号", "作廢此編號", "Void this number"),
    "void_warning": (
        "作废后不能撤销：此编号及其文件将永久标记为作废，核验时显示“已作废”及下面填写的原因。",
        "作廢後不能撤銷：此編號及其檔案將永久標記為作廢，核驗時顯示「已作廢」及下面填寫的原因。",
        "Voiding cannot be undone: the number and its files are marked void for good, and verifying "
        "them shows “void” with the reason given below.",
    ),
    "void_reason": ("作废原因（必填）", "作廢原因（必填）", "Reason (required)"),
    "void_confirm": ("我确认作废编号 {number}", "我確認作廢編號 {number}", "I confirm voiding {number}"),
    "void_button": ("作废", "作廢", "Void"),
    "void_needs_reason": ("请填写作废原因。", "請填寫作廢原因。", "Say why the number is void."),
    "void_needs_confirm": ("请勾选确认后再作废。", "請勾選確認後再作廢。", "Tick the confirmation to void it."),
    "void_bad_reason": ("原因中有不允许的字符：{detail}", "原因中有不允許的字元：{detail}", "Reason: {detail}"),
    "not_found": ("登记簿中没有此编号。", "登記簿中沒有此編號。", "This number is not in the register."),
    "several": (
        "多家公司都有此编号，请选择一家：",
        "多家公司都有此編號，請選擇一家：",
        "Several companies have this number; choose one:",
    ),
    "no_file": (
        "登记簿没有此编号的该格式文件，或文件已不在保存位置。",
        "登記簿沒有此編號的該格式檔案，或檔案已不在保存位置。",
        "The register holds no such file for this number, or it is no longer where it was kept.",
    ),
    "file_changed": (
        "保存的文件在签发后被改动过，不予下载。",
        "保存的檔案在簽發後被改動過，不予下載。",
        "The kept file was changed after its issue; it is not offered for download.",
    ),
    "bad_filter": ("筛选条件有误：{detail}", "篩選條件有誤：{detail}", "Filter: {detail}"),
    "register_error": ("登记簿无法使用：{detail}", "登記簿無法使用：{detail}", "The register cannot be used: {detail}"),
    "verify_intro": (
        "把收到的 PDF 或 Word 文件拖到下面，或点击选择文件。文件只在本机核验，不会保存。",
        "把收到的 PDF 或 Word 檔案拖到下面，或點擊選擇檔案。檔案只在本機核驗，不會保存。",
        "Drop a PDF or Word file you received below, or click to choose one. It is checked here and not kept.",
    ),
    "verify_drop": ("拖放文件到这里，或点击选择", "拖放檔案到這裡，或點擊選擇", "Drop a file here, or click to choose"),
    "verify_button": ("核验", "核驗", "Verify"),
    "verify_limit": ("文件不超过 {mb} MB。", "檔案不超過 {mb} MB。", "Files up to {mb} MB."),
    "verify_no_file": ("请选择要核验的文件。", "請選擇要核驗的檔案。", "Choose a file to verify."),
    "too_large": (
        "文件太大：不能超过 {mb} MB。",
        "檔案太大：不能超過 {mb} MB。",
        "The file is too large: at most {mb} MB.",
    ),
    "verdict_issued": (
        "真实有效：与登记簿中签发的文件完全一致。",
        "真實有效：與登記簿中簽發的檔案完全一致。",
        "Issued: identical to a file the register issued.",
    ),
    "verdict_altered": (
        "已被改动：文件声明的编号已签发，但内容与签发的文件不符。",
        "已被改動：檔案聲明的編號已簽發，但內容與簽發的檔案不符。",
        "Altered: the number it names was issued, but its content differs from what was issued.",
    ),
    "verdict_void": ("已作废：此编号已作废。", "已作廢：此編號已作廢。", "Void: this number was voided."),
    "verdict_reserved": (
        "未签发：此编号只预留过，从未签发。",
        "未簽發：此編號只預留過，從未簽發。",
        "Not issued: this number was reserved but never issued.",
    ),
    "verdict_unknown": (
        "未知：登记簿中没有此文件，文件中也没有本系统签发的编号。",
        "未知：登記簿中沒有此檔案，檔案中也沒有本系統簽發的編號。",
        "Unknown: the register holds no such file, and it names no number issued here.",
    ),
    "verdict_unvouched": (
        "无法核验：登记簿的事件链已损坏，不能为任何文件作担保。",
        "無法核驗：登記簿的事件鏈已損壞，不能為任何檔案作擔保。",
        "Cannot verify: the register's chain of events is broken, so it vouches for no file.",
    ),
    "verify_detail": ("docgen verify 的结论", "docgen verify 的結論", "What docgen verify says"),
    "verified_file": ("核验的文件", "核驗的檔案", "File checked"),
    "verify_another": ("核验另一份文件", "核驗另一份檔案", "Verify another file"),
}


def register_words(lang: str) -> dict[str, str]:
    """Every phrase of the register and verify pages in the interface language."""
    index = _ORDER.index(lang) if lang in _ORDER else 0
    return {key: phrases[index] for key, phrases in _WORDS.items()}
