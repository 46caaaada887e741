/** The fake's ListObjectsV2 pages as S3 does: binary key order, MaxKeys, continuation, StartAfter, Delimiter. */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';

const fake = createFakeAws();
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
const s3 = new S3Client({
  endpoint: fake.url,
  region: fake.region,
  credentials: fake.credentials(),
  forcePathStyle: true,
  maxAttempts: 1,
});
const Bucket = 'neural-sagemaker';

beforeAll(async () => {
  for (const Key of ['p/b.txt', 'p/B.txt', 'p/a/1', 'p/a/2', 'p/c/1', 'p/d.txt', 'q/other'])
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
});

it('lists in UTF-8 binary order (capitals first), paging by MaxKeys with continuation tokens', async () => {
  const keys: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'p/', MaxKeys: 2, ContinuationToken: token }),
    );
    pages++;
    expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
    expect(page.MaxKeys).toBe(2);
    keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    expect(page.IsTruncated).toBe(token !== undefined);
  } while (token);
  expect(keys).toEqual(['p/B.txt', 'p/a/1', 'p/a/2', 'p/b.txt', 'p/c/1', 'p/d.txt']);
  expect(pages).toBe(3);
});

it('rolls keys up into common prefixes with a delimiter, counting each prefix once', async () => {
  const first = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'p/', Delimiter: '/', MaxKeys: 3 }));
  expect(first.Contents?.map((object) => object.Key)).toEqual(['p/B.txt', 'p/b.txt']);
  expect(first.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['p/a/']);
  expect(first.KeyCount).toBe(3);
  expect(first.IsTruncated).toBe(true);
  const rest = await s3.send(
    new ListObjectsV2Command({
      Bucket,
      Prefix: 'p/',
      Delimiter: '/',
      MaxKeys: 3,
      ContinuationToken: first.NextContinuationToken,
    }),
  );
  expect(rest.Contents?.map((object) => object.Key)).toEqual(['p/d.txt']);
  expect(rest.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['p/c/']);
  expect(rest.IsTruncated).toBe(false);
  const whole = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'p/', Delimiter: '/' }));
  expect(whole.Contents?.map((object) => object.Key)).toEqual(['p/B.txt', 'p/b.txt', 'p/d.txt']);
  expect(whole.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['p/a/', 'p/c/']);
  const paged = await s3.send(
    new ListObjectsV2Command({ Bucket, Prefix: 'p/', Delimiter: '/', MaxKeys: 2, StartAfter: 'p/a/1' }),
  );
  expect(paged.StartAfter).toBe('p/a/1');
  expect([
    ...(paged.Contents ?? []).map((o) => o.Key),
    ...(paged.CommonPrefixes ?? []).map((p) => p.Prefix),
  ]).toEqual(['p/b.txt', 'p/a/']);
  expect(paged.IsTruncated).toBe(true);
});

it('refuses a continuation token it did not issue, and a bucket that does not exist', async () => {
  await expect(
    s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: 'not a token' })),
  ).rejects.toMatchObject({ name: 'InvalidArgument' });
  await expect(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
    name: 'NoSuchBucket',
  });
});
