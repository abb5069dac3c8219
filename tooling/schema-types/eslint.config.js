export { default } from '@orgnotes/eslint-config';
