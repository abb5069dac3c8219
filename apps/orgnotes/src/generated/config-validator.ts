/* eslint-disable */
// @ts-nocheck
// Generated from schema/config.schema.json by @orgnotes/schema-types (schema-validator): do not edit.
// Run `pnpm --filter @orgnotes/orgnotes generate` after changing the schema.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const validate = validate20;
export default validate20;
const schema31 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/orgnotes/orgnotes/apps/orgnotes/schema/config.schema.json',
  title: 'orgnotes configuration',
  description:
    'orgnotes.config.json: what `orgnotes export` exports, and how. Relative paths are relative to the directory of this file. Command-line arguments override every field.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { description: 'Where editors find this schema.', type: 'string' },
    inputs: {
      description: 'Org files and directories (read recursively) that form one set of notes.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      default: ['notes'],
    },
    outDir: {
      description: 'Output root: each format is written to <outDir>/<format>/.',
      type: 'string',
      minLength: 1,
      default: 'dist',
    },
    formats: {
      description: 'The formats to export, each into its own subdirectory.',
      type: 'array',
      items: { $ref: '#/$defs/format' },
      minItems: 1,
      uniqueItems: true,
      default: ['json', 'markdown', 'anki', 'man'],
    },
    strict: { description: 'Treat warnings as errors.', type: 'boolean', default: false },
    clean: {
      description: 'Remove outputs of earlier runs whose source is gone.',
      type: 'boolean',
      default: false,
    },
    excludeTags: {
      description:
        "Tags that keep trees (and, in #+FILETAGS, whole files) out of the published formats (Markdown, man, Anki), besides each file's #+EXCLUDE_TAGS (default noexport). JSON, the lossless model, keeps excluded trees, and writes no file for a private note unless json.privateFiles is true.",
      type: 'array',
      items: { type: 'string', pattern: '^[^\\s:]+$' },
      uniqueItems: true,
    },
    selectTags: {
      description:
        "Tags that select trees for the published formats, besides each file's #+SELECT_TAGS (default export): when a heading of a file has one, only such trees and their ancestors are exported.",
      type: 'array',
      items: { type: 'string', pattern: '^[^\\s:]+$' },
      uniqueItems: true,
    },
    json: {
      description: 'What the JSON format writes.',
      type: 'object',
      properties: {
        privateFiles: {
          description:
            'Also write the JSON of private notes (an exclude tag in their #+FILETAGS); by default they get no JSON, as they get no Markdown, man page or Anki card.',
          type: 'boolean',
        },
      },
      additionalProperties: false,
    },
    options: {
      description:
        "Each converter's own options, by format: the long names of its command-line flags (see org2md --help, org2anki --help, org2man --help), without the dashes.",
      type: 'object',
      additionalProperties: false,
      properties: {
        json: { $ref: '#/$defs/converterOptions' },
        markdown: { $ref: '#/$defs/converterOptions' },
        anki: { $ref: '#/$defs/ankiOptions' },
        man: { $ref: '#/$defs/converterOptions' },
      },
    },
  },
  $defs: {
    format: { enum: ['json', 'markdown', 'anki', 'man'] },
    ankiOptions: {
      description:
        "org2anki's options (org2anki --help); these write Anki packages (.apkg) as well as, or instead of, the CSV files.",
      type: 'object',
      allOf: [{ $ref: '#/$defs/converterOptions' }],
      properties: {
        package: {
          description: 'Also write an Anki package (.apkg, pictures inside) beside each CSV.',
          type: 'boolean',
          default: false,
        },
        'package-per': {
          description:
            'One package per Org file, per top-level deck, or one for the whole set (implies package).',
          enum: ['file', 'deck', 'set'],
          default: 'file',
        },
        'package-only': {
          description:
            'Write the packages instead of the CSV files and media folder (implies package).',
          type: 'boolean',
          default: false,
        },
      },
    },
    converterOptions: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: {
        anyOf: [
          { type: 'string' },
          { type: 'boolean' },
          { type: 'array', items: { type: 'string' } },
        ],
      },
    },
  },
};
const schema32 = { enum: ['json', 'markdown', 'anki', 'man'] };
const schema33 = {
  type: 'object',
  propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
  additionalProperties: {
    anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
  },
};
const func1 = Object.prototype.hasOwnProperty;
const func2 = require('ajv/dist/runtime/ucs2length').default;
const func0 = require('ajv/dist/runtime/equal').default;
const pattern4 = new RegExp('^[^\\s:]+$', 'u');
const pattern6 = new RegExp('^[a-z][a-z0-9-]*$', 'u');
const schema35 = {
  description:
    "org2anki's options (org2anki --help); these write Anki packages (.apkg) as well as, or instead of, the CSV files.",
  type: 'object',
  allOf: [{ $ref: '#/$defs/converterOptions' }],
  properties: {
    package: {
      description: 'Also write an Anki package (.apkg, pictures inside) beside each CSV.',
      type: 'boolean',
      default: false,
    },
    'package-per': {
      description:
        'One package per Org file, per top-level deck, or one for the whole set (implies package).',
      enum: ['file', 'deck', 'set'],
      default: 'file',
    },
    'package-only': {
      description:
        'Write the packages instead of the CSV files and media folder (implies package).',
      type: 'boolean',
      default: false,
    },
  },
};
function validate21(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate21.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      const _errs4 = errors;
      if (typeof key0 === 'string') {
        if (!pattern6.test(key0)) {
          const err0 = {
            instancePath,
            schemaPath: '#/$defs/converterOptions/propertyNames/pattern',
            keyword: 'pattern',
            params: { pattern: '^[a-z][a-z0-9-]*$' },
            message: 'must match pattern "' + '^[a-z][a-z0-9-]*$' + '"',
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err0];
          } else {
            vErrors.push(err0);
          }
          errors++;
        }
      }
      var valid2 = _errs4 === errors;
      if (!valid2) {
        const err1 = {
          instancePath,
          schemaPath: '#/$defs/converterOptions/propertyNames',
          keyword: 'propertyNames',
          params: { propertyName: key0 },
          message: 'property name must be valid',
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    for (const key1 in data) {
      let data0 = data[key1];
      const _errs7 = errors;
      let valid4 = false;
      const _errs8 = errors;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/0/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      var _valid0 = _errs8 === errors;
      valid4 = valid4 || _valid0;
      const _errs10 = errors;
      if (typeof data0 !== 'boolean') {
        const err3 = {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/1/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      var _valid0 = _errs10 === errors;
      valid4 = valid4 || _valid0;
      const _errs12 = errors;
      if (Array.isArray(data0)) {
        const len0 = data0.length;
        for (let i0 = 0; i0 < len0; i0++) {
          if (typeof data0[i0] !== 'string') {
            const err4 = {
              instancePath:
                instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i0,
              schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/2/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
            };
            if (vErrors === null) {
              vErrors = [err4];
            } else {
              vErrors.push(err4);
            }
            errors++;
          }
        }
      } else {
        const err5 = {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/2/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
      var _valid0 = _errs12 === errors;
      valid4 = valid4 || _valid0;
      if (!valid4) {
        const err6 = {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      } else {
        errors = _errs7;
        if (vErrors !== null) {
          if (_errs7) {
            vErrors.length = _errs7;
          } else {
            vErrors = null;
          }
        }
      }
    }
  } else {
    const err7 = {
      instancePath,
      schemaPath: '#/$defs/converterOptions/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
    };
    if (vErrors === null) {
      vErrors = [err7];
    } else {
      vErrors.push(err7);
    }
    errors++;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.package !== undefined) {
      if (typeof data.package !== 'boolean') {
        const err8 = {
          instancePath: instancePath + '/package',
          schemaPath: '#/properties/package/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data['package-per'] !== undefined) {
      let data3 = data['package-per'];
      if (!(data3 === 'file' || data3 === 'deck' || data3 === 'set')) {
        const err9 = {
          instancePath: instancePath + '/package-per',
          schemaPath: '#/properties/package-per/enum',
          keyword: 'enum',
          params: { allowedValues: schema35.properties['package-per'].enum },
          message: 'must be equal to one of the allowed values',
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data['package-only'] !== undefined) {
      if (typeof data['package-only'] !== 'boolean') {
        const err10 = {
          instancePath: instancePath + '/package-only',
          schemaPath: '#/properties/package-only/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
  } else {
    const err11 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
    };
    if (vErrors === null) {
      vErrors = [err11];
    } else {
      vErrors.push(err11);
    }
    errors++;
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
function validate20(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  /*# sourceURL="https://github.com/orgnotes/orgnotes/apps/orgnotes/schema/config.schema.json" */ let vErrors =
    null;
  let errors = 0;
  const evaluated0 = validate20.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func1.call(schema31.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.$schema !== undefined) {
      if (typeof data.$schema !== 'string') {
        const err1 = {
          instancePath: instancePath + '/$schema',
          schemaPath: '#/properties/%24schema/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.inputs !== undefined) {
      let data1 = data.inputs;
      if (Array.isArray(data1)) {
        if (data1.length < 1) {
          const err2 = {
            instancePath: instancePath + '/inputs',
            schemaPath: '#/properties/inputs/minItems',
            keyword: 'minItems',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 items',
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (typeof data2 === 'string') {
            if (func2(data2) < 1) {
              const err3 = {
                instancePath: instancePath + '/inputs/' + i0,
                schemaPath: '#/properties/inputs/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
          } else {
            const err4 = {
              instancePath: instancePath + '/inputs/' + i0,
              schemaPath: '#/properties/inputs/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
            };
            if (vErrors === null) {
              vErrors = [err4];
            } else {
              vErrors.push(err4);
            }
            errors++;
          }
        }
      } else {
        const err5 = {
          instancePath: instancePath + '/inputs',
          schemaPath: '#/properties/inputs/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.outDir !== undefined) {
      let data3 = data.outDir;
      if (typeof data3 === 'string') {
        if (func2(data3) < 1) {
          const err6 = {
            instancePath: instancePath + '/outDir',
            schemaPath: '#/properties/outDir/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/outDir',
          schemaPath: '#/properties/outDir/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.formats !== undefined) {
      let data4 = data.formats;
      if (Array.isArray(data4)) {
        if (data4.length < 1) {
          const err8 = {
            instancePath: instancePath + '/formats',
            schemaPath: '#/properties/formats/minItems',
            keyword: 'minItems',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 items',
          };
          if (vErrors === null) {
            vErrors = [err8];
          } else {
            vErrors.push(err8);
          }
          errors++;
        }
        const len1 = data4.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data5 = data4[i1];
          if (!(data5 === 'json' || data5 === 'markdown' || data5 === 'anki' || data5 === 'man')) {
            const err9 = {
              instancePath: instancePath + '/formats/' + i1,
              schemaPath: '#/$defs/format/enum',
              keyword: 'enum',
              params: { allowedValues: schema32.enum },
              message: 'must be equal to one of the allowed values',
            };
            if (vErrors === null) {
              vErrors = [err9];
            } else {
              vErrors.push(err9);
            }
            errors++;
          }
        }
        let i2 = data4.length;
        let j0;
        if (i2 > 1) {
          outer0: for (; i2--; ) {
            for (j0 = i2; j0--; ) {
              if (func0(data4[i2], data4[j0])) {
                const err10 = {
                  instancePath: instancePath + '/formats',
                  schemaPath: '#/properties/formats/uniqueItems',
                  keyword: 'uniqueItems',
                  params: { i: i2, j: j0 },
                  message:
                    'must NOT have duplicate items (items ## ' +
                    j0 +
                    ' and ' +
                    i2 +
                    ' are identical)',
                };
                if (vErrors === null) {
                  vErrors = [err10];
                } else {
                  vErrors.push(err10);
                }
                errors++;
                break outer0;
              }
            }
          }
        }
      } else {
        const err11 = {
          instancePath: instancePath + '/formats',
          schemaPath: '#/properties/formats/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
    }
    if (data.strict !== undefined) {
      if (typeof data.strict !== 'boolean') {
        const err12 = {
          instancePath: instancePath + '/strict',
          schemaPath: '#/properties/strict/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.clean !== undefined) {
      if (typeof data.clean !== 'boolean') {
        const err13 = {
          instancePath: instancePath + '/clean',
          schemaPath: '#/properties/clean/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
    }
    if (data.excludeTags !== undefined) {
      let data8 = data.excludeTags;
      if (Array.isArray(data8)) {
        const len2 = data8.length;
        for (let i3 = 0; i3 < len2; i3++) {
          let data9 = data8[i3];
          if (typeof data9 === 'string') {
            if (!pattern4.test(data9)) {
              const err14 = {
                instancePath: instancePath + '/excludeTags/' + i3,
                schemaPath: '#/properties/excludeTags/items/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s:]+$' },
                message: 'must match pattern "' + '^[^\\s:]+$' + '"',
              };
              if (vErrors === null) {
                vErrors = [err14];
              } else {
                vErrors.push(err14);
              }
              errors++;
            }
          } else {
            const err15 = {
              instancePath: instancePath + '/excludeTags/' + i3,
              schemaPath: '#/properties/excludeTags/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
            };
            if (vErrors === null) {
              vErrors = [err15];
            } else {
              vErrors.push(err15);
            }
            errors++;
          }
        }
        let i4 = data8.length;
        let j1;
        if (i4 > 1) {
          const indices0 = {};
          for (; i4--; ) {
            let item0 = data8[i4];
            if (typeof item0 !== 'string') {
              continue;
            }
            if (typeof indices0[item0] == 'number') {
              j1 = indices0[item0];
              const err16 = {
                instancePath: instancePath + '/excludeTags',
                schemaPath: '#/properties/excludeTags/uniqueItems',
                keyword: 'uniqueItems',
                params: { i: i4, j: j1 },
                message:
                  'must NOT have duplicate items (items ## ' +
                  j1 +
                  ' and ' +
                  i4 +
                  ' are identical)',
              };
              if (vErrors === null) {
                vErrors = [err16];
              } else {
                vErrors.push(err16);
              }
              errors++;
              break;
            }
            indices0[item0] = i4;
          }
        }
      } else {
        const err17 = {
          instancePath: instancePath + '/excludeTags',
          schemaPath: '#/properties/excludeTags/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
    }
    if (data.selectTags !== undefined) {
      let data10 = data.selectTags;
      if (Array.isArray(data10)) {
        const len3 = data10.length;
        for (let i5 = 0; i5 < len3; i5++) {
          let data11 = data10[i5];
          if (typeof data11 === 'string') {
            if (!pattern4.test(data11)) {
              const err18 = {
                instancePath: instancePath + '/selectTags/' + i5,
                schemaPath: '#/properties/selectTags/items/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s:]+$' },
                message: 'must match pattern "' + '^[^\\s:]+$' + '"',
              };
              if (vErrors === null) {
                vErrors = [err18];
              } else {
                vErrors.push(err18);
              }
              errors++;
            }
          } else {
            const err19 = {
              instancePath: instancePath + '/selectTags/' + i5,
              schemaPath: '#/properties/selectTags/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
            };
            if (vErrors === null) {
              vErrors = [err19];
            } else {
              vErrors.push(err19);
            }
            errors++;
          }
        }
        let i6 = data10.length;
        let j2;
        if (i6 > 1) {
          const indices1 = {};
          for (; i6--; ) {
            let item1 = data10[i6];
            if (typeof item1 !== 'string') {
              continue;
            }
            if (typeof indices1[item1] == 'number') {
              j2 = indices1[item1];
              const err20 = {
                instancePath: instancePath + '/selectTags',
                schemaPath: '#/properties/selectTags/uniqueItems',
                keyword: 'uniqueItems',
                params: { i: i6, j: j2 },
                message:
                  'must NOT have duplicate items (items ## ' +
                  j2 +
                  ' and ' +
                  i6 +
                  ' are identical)',
              };
              if (vErrors === null) {
                vErrors = [err20];
              } else {
                vErrors.push(err20);
              }
              errors++;
              break;
            }
            indices1[item1] = i6;
          }
        }
      } else {
        const err21 = {
          instancePath: instancePath + '/selectTags',
          schemaPath: '#/properties/selectTags/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.json !== undefined) {
      let data12 = data.json;
      if (data12 && typeof data12 == 'object' && !Array.isArray(data12)) {
        for (const key1 in data12) {
          if (!(key1 === 'privateFiles')) {
            const err22 = {
              instancePath: instancePath + '/json',
              schemaPath: '#/properties/json/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key1 },
              message: 'must NOT have additional properties',
            };
            if (vErrors === null) {
              vErrors = [err22];
            } else {
              vErrors.push(err22);
            }
            errors++;
          }
        }
        if (data12.privateFiles !== undefined) {
          if (typeof data12.privateFiles !== 'boolean') {
            const err23 = {
              instancePath: instancePath + '/json/privateFiles',
              schemaPath: '#/properties/json/properties/privateFiles/type',
              keyword: 'type',
              params: { type: 'boolean' },
              message: 'must be boolean',
            };
            if (vErrors === null) {
              vErrors = [err23];
            } else {
              vErrors.push(err23);
            }
            errors++;
          }
        }
      } else {
        const err24 = {
          instancePath: instancePath + '/json',
          schemaPath: '#/properties/json/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      }
    }
    if (data.options !== undefined) {
      let data14 = data.options;
      if (data14 && typeof data14 == 'object' && !Array.isArray(data14)) {
        for (const key2 in data14) {
          if (!(key2 === 'json' || key2 === 'markdown' || key2 === 'anki' || key2 === 'man')) {
            const err25 = {
              instancePath: instancePath + '/options',
              schemaPath: '#/properties/options/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key2 },
              message: 'must NOT have additional properties',
            };
            if (vErrors === null) {
              vErrors = [err25];
            } else {
              vErrors.push(err25);
            }
            errors++;
          }
        }
        if (data14.json !== undefined) {
          let data15 = data14.json;
          if (data15 && typeof data15 == 'object' && !Array.isArray(data15)) {
            for (const key3 in data15) {
              const _errs37 = errors;
              if (typeof key3 === 'string') {
                if (!pattern6.test(key3)) {
                  const err26 = {
                    instancePath: instancePath + '/options/json',
                    schemaPath: '#/$defs/converterOptions/propertyNames/pattern',
                    keyword: 'pattern',
                    params: { pattern: '^[a-z][a-z0-9-]*$' },
                    message: 'must match pattern "' + '^[a-z][a-z0-9-]*$' + '"',
                    propertyName: key3,
                  };
                  if (vErrors === null) {
                    vErrors = [err26];
                  } else {
                    vErrors.push(err26);
                  }
                  errors++;
                }
              }
              var valid16 = _errs37 === errors;
              if (!valid16) {
                const err27 = {
                  instancePath: instancePath + '/options/json',
                  schemaPath: '#/$defs/converterOptions/propertyNames',
                  keyword: 'propertyNames',
                  params: { propertyName: key3 },
                  message: 'property name must be valid',
                };
                if (vErrors === null) {
                  vErrors = [err27];
                } else {
                  vErrors.push(err27);
                }
                errors++;
              }
            }
            for (const key4 in data15) {
              let data16 = data15[key4];
              const _errs40 = errors;
              let valid18 = false;
              const _errs41 = errors;
              if (typeof data16 !== 'string') {
                const err28 = {
                  instancePath:
                    instancePath + '/options/json/' + key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                };
                if (vErrors === null) {
                  vErrors = [err28];
                } else {
                  vErrors.push(err28);
                }
                errors++;
              }
              var _valid0 = _errs41 === errors;
              valid18 = valid18 || _valid0;
              const _errs43 = errors;
              if (typeof data16 !== 'boolean') {
                const err29 = {
                  instancePath:
                    instancePath + '/options/json/' + key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/1/type',
                  keyword: 'type',
                  params: { type: 'boolean' },
                  message: 'must be boolean',
                };
                if (vErrors === null) {
                  vErrors = [err29];
                } else {
                  vErrors.push(err29);
                }
                errors++;
              }
              var _valid0 = _errs43 === errors;
              valid18 = valid18 || _valid0;
              const _errs45 = errors;
              if (Array.isArray(data16)) {
                const len4 = data16.length;
                for (let i7 = 0; i7 < len4; i7++) {
                  if (typeof data16[i7] !== 'string') {
                    const err30 = {
                      instancePath:
                        instancePath +
                        '/options/json/' +
                        key4.replace(/~/g, '~0').replace(/\//g, '~1') +
                        '/' +
                        i7,
                      schemaPath:
                        '#/$defs/converterOptions/additionalProperties/anyOf/2/items/type',
                      keyword: 'type',
                      params: { type: 'string' },
                      message: 'must be string',
                    };
                    if (vErrors === null) {
                      vErrors = [err30];
                    } else {
                      vErrors.push(err30);
                    }
                    errors++;
                  }
                }
              } else {
                const err31 = {
                  instancePath:
                    instancePath + '/options/json/' + key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/2/type',
                  keyword: 'type',
                  params: { type: 'array' },
                  message: 'must be array',
                };
                if (vErrors === null) {
                  vErrors = [err31];
                } else {
                  vErrors.push(err31);
                }
                errors++;
              }
              var _valid0 = _errs45 === errors;
              valid18 = valid18 || _valid0;
              if (!valid18) {
                const err32 = {
                  instancePath:
                    instancePath + '/options/json/' + key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                };
                if (vErrors === null) {
                  vErrors = [err32];
                } else {
                  vErrors.push(err32);
                }
                errors++;
              } else {
                errors = _errs40;
                if (vErrors !== null) {
                  if (_errs40) {
                    vErrors.length = _errs40;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
          } else {
            const err33 = {
              instancePath: instancePath + '/options/json',
              schemaPath: '#/$defs/converterOptions/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
            };
            if (vErrors === null) {
              vErrors = [err33];
            } else {
              vErrors.push(err33);
            }
            errors++;
          }
        }
        if (data14.markdown !== undefined) {
          let data18 = data14.markdown;
          if (data18 && typeof data18 == 'object' && !Array.isArray(data18)) {
            for (const key5 in data18) {
              const _errs52 = errors;
              if (typeof key5 === 'string') {
                if (!pattern6.test(key5)) {
                  const err34 = {
                    instancePath: instancePath + '/options/markdown',
                    schemaPath: '#/$defs/converterOptions/propertyNames/pattern',
                    keyword: 'pattern',
                    params: { pattern: '^[a-z][a-z0-9-]*$' },
                    message: 'must match pattern "' + '^[a-z][a-z0-9-]*$' + '"',
                    propertyName: key5,
                  };
                  if (vErrors === null) {
                    vErrors = [err34];
                  } else {
                    vErrors.push(err34);
                  }
                  errors++;
                }
              }
              var valid22 = _errs52 === errors;
              if (!valid22) {
                const err35 = {
                  instancePath: instancePath + '/options/markdown',
                  schemaPath: '#/$defs/converterOptions/propertyNames',
                  keyword: 'propertyNames',
                  params: { propertyName: key5 },
                  message: 'property name must be valid',
                };
                if (vErrors === null) {
                  vErrors = [err35];
                } else {
                  vErrors.push(err35);
                }
                errors++;
              }
            }
            for (const key6 in data18) {
              let data19 = data18[key6];
              const _errs55 = errors;
              let valid24 = false;
              const _errs56 = errors;
              if (typeof data19 !== 'string') {
                const err36 = {
                  instancePath:
                    instancePath +
                    '/options/markdown/' +
                    key6.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                };
                if (vErrors === null) {
                  vErrors = [err36];
                } else {
                  vErrors.push(err36);
                }
                errors++;
              }
              var _valid1 = _errs56 === errors;
              valid24 = valid24 || _valid1;
              const _errs58 = errors;
              if (typeof data19 !== 'boolean') {
                const err37 = {
                  instancePath:
                    instancePath +
                    '/options/markdown/' +
                    key6.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/1/type',
                  keyword: 'type',
                  params: { type: 'boolean' },
                  message: 'must be boolean',
                };
                if (vErrors === null) {
                  vErrors = [err37];
                } else {
                  vErrors.push(err37);
                }
                errors++;
              }
              var _valid1 = _errs58 === errors;
              valid24 = valid24 || _valid1;
              const _errs60 = errors;
              if (Array.isArray(data19)) {
                const len5 = data19.length;
                for (let i8 = 0; i8 < len5; i8++) {
                  if (typeof data19[i8] !== 'string') {
                    const err38 = {
                      instancePath:
                        instancePath +
                        '/options/markdown/' +
                        key6.replace(/~/g, '~0').replace(/\//g, '~1') +
                        '/' +
                        i8,
                      schemaPath:
                        '#/$defs/converterOptions/additionalProperties/anyOf/2/items/type',
                      keyword: 'type',
                      params: { type: 'string' },
                      message: 'must be string',
                    };
                    if (vErrors === null) {
                      vErrors = [err38];
                    } else {
                      vErrors.push(err38);
                    }
                    errors++;
                  }
                }
              } else {
                const err39 = {
                  instancePath:
                    instancePath +
                    '/options/markdown/' +
                    key6.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/2/type',
                  keyword: 'type',
                  params: { type: 'array' },
                  message: 'must be array',
                };
                if (vErrors === null) {
                  vErrors = [err39];
                } else {
                  vErrors.push(err39);
                }
                errors++;
              }
              var _valid1 = _errs60 === errors;
              valid24 = valid24 || _valid1;
              if (!valid24) {
                const err40 = {
                  instancePath:
                    instancePath +
                    '/options/markdown/' +
                    key6.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                };
                if (vErrors === null) {
                  vErrors = [err40];
                } else {
                  vErrors.push(err40);
                }
                errors++;
              } else {
                errors = _errs55;
                if (vErrors !== null) {
                  if (_errs55) {
                    vErrors.length = _errs55;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
          } else {
            const err41 = {
              instancePath: instancePath + '/options/markdown',
              schemaPath: '#/$defs/converterOptions/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
            };
            if (vErrors === null) {
              vErrors = [err41];
            } else {
              vErrors.push(err41);
            }
            errors++;
          }
        }
        if (data14.anki !== undefined) {
          if (
            !validate21(data14.anki, {
              instancePath: instancePath + '/options/anki',
              parentData: data14,
              parentDataProperty: 'anki',
              rootData,
              dynamicAnchors,
            })
          ) {
            vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
            errors = vErrors.length;
          }
        }
        if (data14.man !== undefined) {
          let data22 = data14.man;
          if (data22 && typeof data22 == 'object' && !Array.isArray(data22)) {
            for (const key7 in data22) {
              const _errs68 = errors;
              if (typeof key7 === 'string') {
                if (!pattern6.test(key7)) {
                  const err42 = {
                    instancePath: instancePath + '/options/man',
                    schemaPath: '#/$defs/converterOptions/propertyNames/pattern',
                    keyword: 'pattern',
                    params: { pattern: '^[a-z][a-z0-9-]*$' },
                    message: 'must match pattern "' + '^[a-z][a-z0-9-]*$' + '"',
                    propertyName: key7,
                  };
                  if (vErrors === null) {
                    vErrors = [err42];
                  } else {
                    vErrors.push(err42);
                  }
                  errors++;
                }
              }
              var valid28 = _errs68 === errors;
              if (!valid28) {
                const err43 = {
                  instancePath: instancePath + '/options/man',
                  schemaPath: '#/$defs/converterOptions/propertyNames',
                  keyword: 'propertyNames',
                  params: { propertyName: key7 },
                  message: 'property name must be valid',
                };
                if (vErrors === null) {
                  vErrors = [err43];
                } else {
                  vErrors.push(err43);
                }
                errors++;
              }
            }
            for (const key8 in data22) {
              let data23 = data22[key8];
              const _errs71 = errors;
              let valid30 = false;
              const _errs72 = errors;
              if (typeof data23 !== 'string') {
                const err44 = {
                  instancePath:
                    instancePath + '/options/man/' + key8.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                };
                if (vErrors === null) {
                  vErrors = [err44];
                } else {
                  vErrors.push(err44);
                }
                errors++;
              }
              var _valid2 = _errs72 === errors;
              valid30 = valid30 || _valid2;
              const _errs74 = errors;
              if (typeof data23 !== 'boolean') {
                const err45 = {
                  instancePath:
                    instancePath + '/options/man/' + key8.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/1/type',
                  keyword: 'type',
                  params: { type: 'boolean' },
                  message: 'must be boolean',
                };
                if (vErrors === null) {
                  vErrors = [err45];
                } else {
                  vErrors.push(err45);
                }
                errors++;
              }
              var _valid2 = _errs74 === errors;
              valid30 = valid30 || _valid2;
              const _errs76 = errors;
              if (Array.isArray(data23)) {
                const len6 = data23.length;
                for (let i9 = 0; i9 < len6; i9++) {
                  if (typeof data23[i9] !== 'string') {
                    const err46 = {
                      instancePath:
                        instancePath +
                        '/options/man/' +
                        key8.replace(/~/g, '~0').replace(/\//g, '~1') +
                        '/' +
                        i9,
                      schemaPath:
                        '#/$defs/converterOptions/additionalProperties/anyOf/2/items/type',
                      keyword: 'type',
                      params: { type: 'string' },
                      message: 'must be string',
                    };
                    if (vErrors === null) {
                      vErrors = [err46];
                    } else {
                      vErrors.push(err46);
                    }
                    errors++;
                  }
                }
              } else {
                const err47 = {
                  instancePath:
                    instancePath + '/options/man/' + key8.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf/2/type',
                  keyword: 'type',
                  params: { type: 'array' },
                  message: 'must be array',
                };
                if (vErrors === null) {
                  vErrors = [err47];
                } else {
                  vErrors.push(err47);
                }
                errors++;
              }
              var _valid2 = _errs76 === errors;
              valid30 = valid30 || _valid2;
              if (!valid30) {
                const err48 = {
                  instancePath:
                    instancePath + '/options/man/' + key8.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/converterOptions/additionalProperties/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                };
                if (vErrors === null) {
                  vErrors = [err48];
                } else {
                  vErrors.push(err48);
                }
                errors++;
              } else {
                errors = _errs71;
                if (vErrors !== null) {
                  if (_errs71) {
                    vErrors.length = _errs71;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
          } else {
            const err49 = {
              instancePath: instancePath + '/options/man',
              schemaPath: '#/$defs/converterOptions/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
            };
            if (vErrors === null) {
              vErrors = [err49];
            } else {
              vErrors.push(err49);
            }
            errors++;
          }
        }
      } else {
        const err50 = {
          instancePath: instancePath + '/options',
          schemaPath: '#/properties/options/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
        };
        if (vErrors === null) {
          vErrors = [err50];
        } else {
          vErrors.push(err50);
        }
        errors++;
      }
    }
  } else {
    const err51 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
    };
    if (vErrors === null) {
      vErrors = [err51];
    } else {
      vErrors.push(err51);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
