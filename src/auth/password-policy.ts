import { PASSWORD_MAX, PASSWORD_MIN } from './password';

/**
 * Known-breached and common passwords, as a small bundled list (no network, Workers-safe). Checked
 * after lower-casing, and again after stripping digits and symbols from both ends, so
 * "Password2026!" and "!!qwerty123" fall under the words they are built on.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 9876543210 0987654321 987654321 1111111111 0000000000
  1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 zaq12wsx zaq1xsw2 qazwsx qazwsxedc
  qazwsxedcrfv qwerty qwertyui qwertyuiop qwertyuiop123 qwerty123 qwerty1234 qwerty12345 asdfgh asdfghjk asdfghjkl zxcvbn
  zxcvbnm zxcvbnm123 abcdef abcdefg abcdefgh abcdefghi abcdefghij abc123 abcd1234 aa123456 a1b2c3d4 a1b2c3d4e5 passw0rd
  p@ssw0rd p@ssword pa55word password passwort motdepasse contrasena senha parola wachtwoord salasana haslo jelszo heslo
  letmein welcome welcome1 iloveyou iloveu lovely loveme princess sunshine shadow superman batman spiderman starwars
  pokemon naruto dragon monkey master football baseball basketball soccer hockey jordan23 michael jennifer charlie
  freedom whatever trustno1 trustnoone changeme changeit default secret secret123 admin administrator root toor guest
  login access hello hellohello helloworld computer internet samsung iphone google facebook youtube linkedin microsoft
  apple summer winter spring autumn monday friday january december ninja mustang ferrari corvette harley chelsea
  liverpool arsenal barcelona realmadrid manchester yankees cowboys steelers eagles lakers rangers killer hunter
  tigger cheese butterfly flower forever friends family jesus christ blessed angel angels heaven purple orange
  banana chocolate cookie pepper ginger maggie buster daniel thomas andrew joshua matthew jessica ashley amanda
  nicole michelle hannah jasmine soccer1 password1 password12 password123 password1234 passwordpassword
  abc123456 123abc 123qwe 123qweasd 123qweasdzxc 1234qwer qwer1234 asdf1234 zxcv1234 11111111 22222222 88888888
  12341234 12121212 11223344 112233 123123 123123123 147258369 159753 741852963 789456123 666666 7777777 696969
  000000 111111 121212 131313 654321 55555 aaaaaa aaaaaaaa aaaaaaaaaa zzzzzzzzzz xxxxxxxxxx
  saisoku collector dunning debt payment tokyo osaka japan nippon sakura doraemon pikachu totoro
  iloveyou1 iloveyou2 iloveyou123 letmein1 letmein123 welcome123 welcome2024 welcome2025 welcome2026 summer2024
  summer2025 summer2026 winter2024 winter2025 winter2026 spring2026 autumn2026 password2024 password2025 password2026
  correcthorsebatterystaple`.split(/\s+/).filter(Boolean),
);

const stripEnds = (s: string) => s.replace(/^[\d\W_]+|[\d\W_]+$/g, '');

/**
 * Why a password would be refused, or null when it is acceptable: length, too few different
 * characters (`aaaaaaaaaa`), a known-breached or common password or one built on one, or the
 * person's own email or name.
 */
export function passwordProblem(password: string, person: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (new Set(password).size < 5) return 'uses too few different characters; a few unrelated words make a strong password';
  const lower = password.toLowerCase().normalize('NFKC');
  const squeezed = lower.replace(/\s+/g, '');
  const base = stripEnds(squeezed);
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(squeezed) || (base.length > 0 && COMMON_PASSWORDS.has(base)) || /^(\d)\1*$|^0?123456789?0?$/.test(squeezed)) {
    return 'is a known-breached or very common password; choose another';
  }
  const local = person.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && squeezed.includes(local)) return 'must not contain your email address';
  const name = person.name?.toLowerCase().replace(/\s+/g, '');
  if (name && name.length >= 3 && squeezed.includes(name)) return 'must not contain your name';
  return null;
}
