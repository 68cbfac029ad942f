import { Layout, type PageCtx } from './layout';

export function LoginPage(props: { ctx: PageCtx; next: string; failed: boolean }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.signIn}>
      <div class="card" style="max-width:26rem;margin:2rem auto">
        <h1>{t.signIn}</h1>
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
