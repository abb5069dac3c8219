export { default } from '@orgnotes/vitest-config';
