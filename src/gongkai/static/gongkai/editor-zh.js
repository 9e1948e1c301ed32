// Chinese labels for the body editor (django-prose-editor reads window.gettext when its modules
// load, so this classic script must come before them). Strings it has no entry for stay as
// they are.
(function () {
  "use strict";
  var zh = {
    "Add caption": "添加标题",
    "Alternative Text": "替代文字",
    "Browse...": "浏览…",
    "Bullets": "项目符号",
    "Cancel": "取消",
    "Caption": "表题",
    "Columns": "列数",
    "Decimal numbers": "阿拉伯数字",
    "Edit HTML": "编辑 HTML 源码",
    "Edit Link": "编辑链接",
    "Include header row": "包含表头行",
    "Insert": "插入",
    "Insert Table": "插入表格",
    "List properties": "列表设置",
    "List type": "编号样式",
    "Lowercase Roman numerals": "小写罗马数字",
    "Lowercase letters": "小写字母",
    "Open in new window": "在新窗口打开",
    "Prettify": "整理格式",
    "Remove caption": "删除标题",
    "Rows": "行数",
    "Start at": "起始编号",
    "Table Properties": "表格设置",
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.":
      "正文的 HTML 源码。只保留编辑器支持的标记，其余会被去除。",
    "Title": "提示文字",
    "Toggle fullscreen": "全屏编辑",
    "URL": "链接地址",
    "Update": "确定",
    "Uppercase Roman numerals": "大写罗马数字",
    "Uppercase letters": "大写字母"
  };
  // The toolbar's own names do not go through gettext: they are put in Chinese as the
  // toolbar draws them (and again whenever it changes one, e.g. the block type picker).
  var toolbar = {
    "paragraph": "正文", "heading 2": "二级标题", "heading 3": "三级标题",
    "heading 4": "四级标题", "Heading 2": "二级标题", "Heading 3": "三级标题",
    "Heading 4": "四级标题", "Paragraph": "正文",
    "unordered list": "项目符号列表", "ordered list": "编号列表", "blockquote": "引用",
    "horizontal rule": "分隔线", "bold": "加粗", "italic": "倾斜", "underline": "下划线",
    "strike": "删除线", "subscript": "下标", "superscript": "上标",
    "insert link": "插入链接", "remove link": "取消链接", "Insert table": "插入表格",
    "Add column": "增加一列", "Delete column": "删除所在列", "Add row": "增加一行",
    "Delete row": "删除所在行", "Merge cells": "合并单元格", "Split cell": "拆分单元格",
    "Toggle header cell": "设为或取消表头", "Delete table": "删除表格",
    "undo": "撤销", "redo": "重做", "edit HTML": "编辑 HTML 源码",
    "Toggle fullscreen": "全屏编辑"
  };
  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }
  var previous = window.gettext;
  window.gettext = function (text) {
    if (own(zh, text)) return zh[text];
    return previous ? previous(text) : text;
  };
  function relabel(root) {
    root.querySelectorAll("[title], [aria-label]").forEach(function (el) {
      ["title", "aria-label"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value && own(toolbar, value)) el.setAttribute(name, toolbar[value]);
      });
    });
    root.querySelectorAll(".prose-menubar__option > *").forEach(function (el) {
      var text = el.textContent.trim();
      if (own(toolbar, text)) el.textContent = toolbar[text];
    });
  }
  // Choices in the editor's dialogs (the table dialog's 包含表头行) are shown as their values
  // and bypass gettext. Each gets its value as an attribute first, so the editor still reads
  // "Yes"/"No", and then the Chinese text; dialogs are added to the page when opened, and
  // the observer runs before they are painted.
  var choices = { "Yes": "是", "No": "否" };
  function relabelDialog(dialog) {
    dialog.querySelectorAll("option:not([value])").forEach(function (option) {
      var text = option.textContent;
      if (!own(choices, text)) return;
      option.setAttribute("value", text);
      option.textContent = choices[text];
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.matches(".prose-editor-dialog")) relabelDialog(node);
        node.querySelectorAll(".prose-editor-dialog").forEach(relabelDialog);
      });
    });
  }).observe(document.documentElement, { subtree: true, childList: true });
  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.target.closest(".prose-editor") || event.target.parentNode;
    relabel(editor);
    new MutationObserver(function () { relabel(editor); }).observe(editor, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["title", "aria-label"]
    });
  });
})();
