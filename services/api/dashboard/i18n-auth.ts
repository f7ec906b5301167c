/** Labels of signing in, the user menu and the users page: Indonesian first, English complete. */
export const AUTH_LABELS = {
  id: {
    userName: 'Nama pengguna',
    password: 'Kata sandi',
    signInPassword: 'Masuk',
    signInSso: 'Masuk dengan SSO instansi',
    or: 'atau',
    advancedKey: 'Lanjutan: masuk dengan kunci API (untuk mesin dan skrip)',
    wrongPassword: 'Nama pengguna atau kata sandi salah.',
    lockedOut: (seconds: number) => `Terlalu banyak percobaan gagal. Coba lagi dalam ${seconds} detik.`,
    ssoFailed: (reason: string) =>
      reason === 'not_allowed'
        ? 'Akun SSO Anda belum diberi peran di Pantau. Hubungi admin.'
        : reason === 'expired'
          ? 'Proses masuk SSO kedaluwarsa atau tidak sah. Coba lagi.'
          : 'Penyedia identitas menolak proses masuk. Coba lagi.',
    sessionEnded: 'Sesi Anda telah berakhir. Silakan masuk lagi.',
    signOutEverywhere: 'Akhiri semua sesi',
    signedInAs: 'Masuk sebagai',
    roles: { viewer: 'pembaca', analyst: 'analis', admin: 'admin' } as Record<string, string>,
    keyUser: 'kunci API',
    usersView: 'Pengguna',
    usersTitle: 'Pengguna dan peran',
    usersIntro:
      'Pembaca melihat angka; analis juga melabeli dan mengubah topik; admin mengelola pengguna, kunci, dan privasi. Menonaktifkan pengguna langsung menghentikan sesi dan kunci API-nya.',
    newUser: 'Pengguna baru',
    role: 'Peran',
    create: 'Buat',
    state: 'Status',
    active: 'aktif',
    disabled: 'nonaktif',
    disable: 'Nonaktifkan',
    enable: 'Aktifkan',
    resetPassword: 'Atur ulang kata sandi',
    newPassword: 'Kata sandi baru (min. 10 karakter)',
    sso: 'SSO',
    saved: 'Tersimpan.',
  },
  en: {
    userName: 'User name',
    password: 'Password',
    signInPassword: 'Sign in',
    signInSso: "Sign in with your agency's SSO",
    or: 'or',
    advancedKey: 'Advanced: sign in with an API key (for machines and scripts)',
    wrongPassword: 'Wrong user name or password.',
    lockedOut: (seconds: number) => `Too many failed attempts. Try again in ${seconds} seconds.`,
    ssoFailed: (reason: string) =>
      reason === 'not_allowed'
        ? 'Your SSO account has no role in Pantau yet. Ask an admin.'
        : reason === 'expired'
          ? 'The SSO sign-in expired or was not valid. Try again.'
          : 'The identity provider refused the sign-in. Try again.',
    sessionEnded: 'Your session has ended. Please sign in again.',
    signOutEverywhere: 'End all sessions',
    signedInAs: 'Signed in as',
    roles: { viewer: 'viewer', analyst: 'analyst', admin: 'admin' } as Record<string, string>,
    keyUser: 'API key',
    usersView: 'Users',
    usersTitle: 'Users and roles',
    usersIntro:
      'Viewers read the figures; analysts also label and edit topics; admins manage users, keys and privacy. Disabling a user stops their sessions and API keys at once.',
    newUser: 'New user',
    role: 'Role',
    create: 'Create',
    state: 'State',
    active: 'active',
    disabled: 'disabled',
    disable: 'Disable',
    enable: 'Enable',
    resetPassword: 'Reset password',
    newPassword: 'New password (at least 10 characters)',
    sso: 'SSO',
    saved: 'Saved.',
  },
} as const;
