// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "hop/hops_json.h"
#include "result/hop_check.h"

/* An instruction's HOP_MEM_* bits as memory.access[] writes them: L load,
 * S store, l and s the stack's implicit load and store ("Ls": push [mem]). */
static json_t *mem_code(unsigned int mem)
{
	char code[5], *o = code;

	if (mem & HOP_MEM_LOAD)
		*o++ = 'L';
	if (mem & HOP_MEM_STORE)
		*o++ = 'S';
	if (mem & HOP_MEM_STACK_LOAD)
		*o++ = 'l';
	if (mem & HOP_MEM_STACK_STORE)
		*o++ = 's';
	*o = 0;
	return json_string(code);
}

json_t *hop_results(json_t *root, const struct tb_case *cases, int ncases)
{
	json_t *hops = json_array();

	for (int i = 0; i < ncases; i++) {
		const struct tb_case *c = &cases[i];
		const struct hop_record *r = c->hop;
		json_t *insns, *roles, *steady, *access, *h;
		char *family;

		if (!r)
			continue;
		insns = json_array();
		roles = json_array();
		steady = json_array();
		access = json_array();
		family = xasprintf("%.*s", (int)hop_family_len(c), c->id);
		for (int k = 0; k < r->path.count; k++) {
			json_array_append_new(insns, json_string(r->path.insns[k].text));
			json_array_append_new(roles, json_string(r->path.insns[k].role));
			json_array_append_new(access, mem_code(r->path.insns[k].mem));
		}
		for (int k = 0; k < r->path.nchecked; k++)
			json_array_append_new(steady, json_integer(r->path.checked[k]));
		h = json_pack("{ss ss ss ss si si si si so so si si so}", "family", family, "bench",
			      c->bench->name, "prog_type", c->prog_type, "key_mode", c->key_mode,
			      "nest", c->nest, "frame_stack", c->frame_stack, "depth", r->depth, "hop",
			      r->hop, "insns", insns, "roles", roles, "count", r->path.count,
			      "indirect", r->path.indirect, "steady", steady);
		json_object_set_new(h, "footprint",
				    json_pack("{si si si si}", "bytes", r->path.bytes, "lines",
					      r->path.lines, "pages", r->path.pages, "entry_offset",
					      r->path.entry_offset));
		json_object_set_new(h, "memory",
				    json_pack("{si si si si so}", "loads", r->path.mem.loads, "stores",
					      r->path.mem.stores, "stack_loads", r->path.mem.stack_loads,
					      "stack_stores", r->path.mem.stack_stores, "access", access));
		json_object_set_new(h, "note", r->path.note ? json_string(r->path.note) : json_null());
		json_object_set_new(h, "check", hop_check(root, h));
		json_array_append_new(hops, h);
		free(family);
	}
	return hops;
}
