/**
 * An inline stylesheet, written as is. JSX escapes text children, and in a <style> element nothing
 * is unescaped again: `"Noto Sans JP"` arrived as `&quot;Noto Sans JP&quot;`, which made the whole
 * `font` declaration invalid (the English UI fell back to a serif face), and `.card>*` never matched.
 * Only the app's own fixed CSS goes here, never user text.
 */
export const Style = ({ css }: { css: string }) => <style dangerouslySetInnerHTML={{ __html: css }} />;

/** Sans-serif everywhere: `system-ui` can resolve to a serif face on a plain Linux; Latin faces first, then the Japanese ones. */
export const FONT_STACK = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","Hiragino Sans","Noto Sans JP","Noto Sans CJK JP",sans-serif';
