/* bench-fix.c - throughput of ts_mojibake_fix() and ts_entity_decode()
 * on 8 MiB of repeated text of five kinds.  Not part of `make`:
 *   make && cc -O2 -Isrc/lib -o build/bench-fix tools/bench-fix.c \
 *       build/libtextsift.a -lutf8proc && build/bench-fix */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ts_buf.h"
#include "ts_entity.h"
#include "ts_mojibake.h"
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
static void fill(ts_buf *b, const char *s, size_t total){size_t n=strlen(s);b->len=0;while(b->len<total)ts_buf_append(b,s,n);}
static long ent(const uint8_t *p, size_t len, ts_buf *out){
	size_t i=0; long n=0;
	while(i<len){const uint8_t *a=memchr(p+i,'&',len-i); size_t k=a?(size_t)(a-p):len;
		ts_buf_append(out,p+i,k-i); i=k; if(i==len)break;
		long r=ts_entity_decode(p+i,len-i,1,out); if(r>0){i+=r;n++;} else {ts_buf_putc(out,'&');i++;}}
	return n;}
int main(void){ /* best of 3 */
	const char *texts[][2]={
	 {"ascii","The quick brown fox jumps over the lazy dog; it is 3 o'clock and all is well.\n"},
	 {"french","L’été dernier, nous avons mangé une crème brûlée à Nîmes, « très bonne ».\n"},
	 {"mojibake","LÃ¢â‚¬â„¢Ã©tÃ© dernier, nous avons mangÃ© une crÃ¨me brÃ»lÃ©e Ã  NÃ®mes.\n"},
	 {"russian","Привет, как дела? Всё хорошо, спасибо. Москва — столица России.\n"},
	 {"html","<p>Tom &amp; Jerry &copy; 2024 &mdash; &#8217;quoted&#x2019; caf&eacute; &notit; &foo;</p>\n"},
	};
	ts_buf in=TS_BUF_INIT,out=TS_BUF_INIT; size_t total=8u<<20;
	for(size_t t=0;t<sizeof texts/sizeof texts[0];t++){
		fill(&in,texts[t][1],total);
		double best1=1e9,best2=1e9; long r1=0,r2=0;
		for(int rep=0;rep<3;rep++){
			out.len=0; double a=now(); r1=ts_mojibake_fix(in.p,in.len,&out); double b=now(); if(b-a<best1)best1=b-a;
			out.len=0; a=now(); r2=ent(in.p,in.len,&out); b=now(); if(b-a<best2)best2=b-a;
		}
		printf("%-9s %5.1f MB  mojibake %7.0f MB/s (%ld repairs)  entities %7.0f MB/s (%ld refs)\n",texts[t][0],in.len/1e6,in.len/1e6/best1,r1,in.len/1e6/best2,r2);
	}
	return 0;}
