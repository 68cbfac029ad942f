import { Layout, type PageCtx } from './layout';

const lockedText = (lang: string, s: number) =>
  lang === 'ja' ? `ログインの失敗が多すぎるため、一時的にロックしています。${s}秒後にもう一度お試しください。` : `Too many failed sign-ins: this account or address is locked. Try again in ${s} seconds.`;

export function LoginPage(props: { ctx: PageCtx; next: string; failed: boolean; lockedSeconds?: number }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.signIn}>
      <div class="card" style="max-width:26rem;margin:2rem auto">
        <h1>{t.signIn}</h1>
        {props.lockedSeconds ? (
          <p class="notice bad" role="alert">
            {lockedText(props.ctx.lang, props.lockedSeconds)}
          </p>
        ) : null}
        {props.failed ? (
          <p class="notice bad" role="alert">
            {t.badLogin}
          </p>
        ) : null}
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="email">{t.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" required style="width:100%" />
          <label for="password">{t.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required style="width:100%" />
          <p>
            <button type="submit">{t.signIn}</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}
