import { characterCount, markdownToHtml, markdownToText, WEB_ALLOW_LIST } from './rich-text';

describe('markdownToHtml with the web allow-list', () => {
  it.each([
    ['<script>alert(1)</script>正文', '正文'],
    ['<img src="x.png" onerror="alert(1)">', '<img src="x.png" />'],
    ['[点我](javascript:alert(1))', '<p><a>点我</a></p>'],
    ['<p style="color:red">红字</p>', '<p>红字</p>'],
    ['<iframe src="https://example.com"></iframe>文字', '文字'],
    ['# 标题', '<h2>标题</h2>'],
  ])('cleans %s', (source, expected) => {
    expect(markdownToHtml(source, WEB_ALLOW_LIST)).toBe(expected);
  });

  it('keeps what authors mean: lists, emphasis, links, tables', () => {
    const html = markdownToHtml('**重点**\n\n- 一\n- 二\n\n[政策](https://www.gov.cn/)\n\n| 项目 | 金额 |\n|---|---|\n| 补贴 | 5000元 |', WEB_ALLOW_LIST);
    expect(html).toContain('<strong>重点</strong>');
    expect(html).toContain('<li>一</li>');
    expect(html).toContain('<a href="https://www.gov.cn/">政策</a>');
    expect(html).toContain('<td>5000元</td>');
  });
});

describe('counting characters', () => {
  it('counts characters outside the BMP and emoji as one each', () => {
    expect(characterCount('𠮷家村📢')).toBe(4);
    expect('𠮷家村📢'.length).toBe(6);
  });

  it('turns Markdown into plain text for summaries', () => {
    expect(markdownToText('**重点**：补贴 5%。\n\n<script>x</script>')).toBe('重点：补贴 5%。');
  });
});
