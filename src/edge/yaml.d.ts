// wrangler.toml bundles *.yaml as text (rules: type = "Text").
declare module '*.yaml' {
  const source: string;
  export default source;
}
