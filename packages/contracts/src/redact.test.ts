import { describe, expect, it } from 'vitest';
import { redactPersonalData } from './redact.ts';

describe('redactPersonalData', () => {
  it.each([
    ['hubungi 081234567890 ya', 'hubungi [telepon] ya'],
    ['wa 0812-3456-7890', 'wa [telepon]'],
    ['wa 0812 3456 7890 admin', 'wa [telepon] admin'],
    ['0812.3456.789 cepat', '[telepon] cepat'],
    ['nomor +62 812-3456-7890', 'nomor [telepon]'],
    ['nomor +6281234567890.', 'nomor [telepon].'],
    ['nomor 6281234567890', 'nomor [telepon]'],
    ['+62 (0)812 3456 7890', '[telepon]'],
    ['+62-856-1234-567', '[telepon]'],
    ['0062 812 3456 7890', '[telepon]'],
    ['sms ke 08571234567', 'sms ke [telepon]'],
    ['kantor (021) 555-1234', 'kantor [telepon]'],
    ['kantor 021-5551234', 'kantor [telepon]'],
    ['kantor 021 5551 2345', 'kantor [telepon]'],
    ['kantor +62 21 5551234', 'kantor [telepon]'],
    ['call center (0274) 512345 jam kerja', 'call center [telepon] jam kerja'],
    ['WA:081234567890', 'WA:[telepon]'],
    ['https://wa.me/6281234567890', 'https://wa.me/[telepon]'],
    ['HP 0812345678901', 'HP [telepon]'],
  ])('redacts the phone number in %j', (input, expected) => {
    const r = redactPersonalData(input);
    expect(r.text).toBe(expected);
    expect(r.counts).toEqual({ phone: 1, email: 0, nik: 0, bpjs: 0 });
  });

  it.each([
    ['email saya budi.santoso@gmail.com ya', 'email saya [email] ya'],
    ['kirim ke Pengaduan_Pusat+jkn@bpjs-kesehatan.go.id.', 'kirim ke [email].'],
    ['(siti99@yahoo.co.id)', '([email])'],
  ])('redacts the e-mail address in %j', (input, expected) => {
    const r = redactPersonalData(input);
    expect(r.text).toBe(expected);
    expect(r.counts).toEqual({ phone: 0, email: 1, nik: 0, bpjs: 0 });
  });

  it.each([
    ['NIK 3201010101900001 ditolak', 'NIK [nik] ditolak'],
    ['nik: 3171 0145 0290 0003', 'nik: [nik]'],
    ['NIK 32.01.01.410190.0001', 'NIK [nik]'],
    ['ktp 3276-0212-0895-0002', 'ktp [nik]'],
    ['nik saya 6271034509870001', 'nik saya [nik]'],
  ])('redacts the NIK in %j', (input, expected) => {
    const r = redactPersonalData(input);
    expect(r.text).toBe(expected);
    expect(r.counts).toEqual({ phone: 0, email: 0, nik: 1, bpjs: 0 });
  });

  it.each([
    ['kartu bpjs 0001234567890 tidak aktif', 'kartu bpjs [kartu-bpjs] tidak aktif'],
    ['no kartu 0001 2345 67890', 'no kartu [kartu-bpjs]'],
    ['No. JKN: 0002-1234-56789', 'No. JKN: [kartu-bpjs]'],
  ])('redacts the BPJS card number in %j', (input, expected) => {
    const r = redactPersonalData(input);
    expect(r.text).toBe(expected);
    expect(r.counts).toEqual({ phone: 0, email: 0, nik: 0, bpjs: 1 });
  });

  it.each([
    'iuran naik jadi Rp 150.000 per bulan',
    'tagihan Rp1.500.000.000.000 dari pemerintah',
    'dana Rp 1.250.000.000',
    'Rp 150 000 sebulan',
    'antre sejak 10-11-2026 jam 08.30',
    'tanggal 2026-11-10 08:30',
    'sejak 10/11/2026',
    'tahun 2024 2025 2026 2027 sama saja',
    'antre 3 jam, nomor antrean 125',
    'kelas 1 2 3 naik semua',
    'puskesmas buka 07.00-14.00',
    'Pasal 34 UU No. 40 Tahun 2004',
    'sudah 08 hari menunggu',
    'kode pos 40115',
    'skor 0,85 dari 100',
    'nomor rekening 1234567890',
    '12345678901234567890 bukan apa-apa',
    'hubungi 1500400 (call center)',
    'rujukan 0.5% naik',
    'dosis 2x500mg, 3 kali sehari',
    'nomor resi 1234567890123 belum sampai',
    'nomor resi dpk0113456789012 saya cek',
    'order INV3201010101900001X dibatalkan',
  ])('leaves %j alone', (input) => {
    const r = redactPersonalData(input);
    expect(r.text).toBe(input);
    expect(r.counts).toEqual({ phone: 0, email: 0, nik: 0, bpjs: 0 });
  });

  it('redacts several items of several kinds and keeps the money next to a phone number', () => {
    const r = redactPersonalData(
      'Rp 150.000 0812 3456 7890, wa 0813-1111-2222 atau a@b.co; NIK 3201010101900001, kartu 0001234567890, 30 orang',
    );
    expect(r.text).toBe('Rp 150.000 [telepon], wa [telepon] atau [email]; NIK [nik], kartu [kartu-bpjs], 30 orang');
    expect(r.counts).toEqual({ phone: 2, email: 1, nik: 1, bpjs: 1 });
  });

  it('is idempotent', () => {
    const once = redactPersonalData('wa 081234567890 / x@y.id / 3201010101900001');
    const twice = redactPersonalData(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.counts).toEqual({ phone: 0, email: 0, nik: 0, bpjs: 0 });
  });
});
