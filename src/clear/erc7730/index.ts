/**
 * ERC-7730 clear signing, offline: the public surface.
 *
 *     descriptorSet(files, opts?)                         index a set of descriptor files (path → JSON) by binding;
 *                                                         set.descriptor(file) parses one on first use, set.all() validates all
 *     shippedFiles()                                      the shipped registry snapshot (lazy, checked, parsed once)
 *     renderCalldata(set, container, data, providers, opts?)  → { fn, decoded, lenient, rendered } | null
 *     renderTypedData(set, doc, providers, opts?)         → Rendered | null
 *     loadDescriptor(files, path)                         one descriptor, validated (throws DESCRIPTOR_*)
 *
 * Descriptor strings are untrusted (anyone can propose a registry entry): they
 * label and format, they never decide what is safe, and the CLI escapes them.
 * @module
 */
export { descriptorSet, type DescriptorSet, type SetOptions } from './set.js'
export { renderCalldata, renderTypedData, MAX_DEPTH, type Container, type Providers, type Rendered, type RenderedField, type RenderOptions, type TokenInfo } from './render.js'
export { loadDescriptor, schemaVersion, type Descriptor } from './descriptor.js'
export { shippedFiles, shippedBytes, manifest as shippedManifest } from '../data/erc7730.js'
